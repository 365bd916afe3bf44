package io.emostream.jobs.scoring;

import java.io.Serializable;
import java.util.Properties;

/**
 * Where the job learns of new models: the model-releases topic (rejected releases leave as the
 * job's dead letters).
 */
public record ReleaseFeed(
    String bootstrapServers, Properties clientProperties, String releasesTopic)
    implements Serializable {}
