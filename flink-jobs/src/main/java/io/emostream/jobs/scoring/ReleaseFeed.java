package io.emostream.jobs.scoring;

import io.emostream.model.bundle.ReleaseVerifier;
import java.io.Serializable;
import java.util.Properties;

/**
 * Where the job learns of new models: the model-releases topic, and what a release must pass to
 * serve (rejected releases leave as the job's dead letters).
 */
public record ReleaseFeed(
    String bootstrapServers,
    Properties clientProperties,
    String releasesTopic,
    ReleaseVerifier verifier)
    implements Serializable {}
