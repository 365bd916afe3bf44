package io.emostream.jobs.scoring;

import io.emostream.model.bundle.ReleaseVerifier;
import java.io.Serializable;
import java.util.Properties;

/**
 * Where the job learns of new models: the model-releases topic, and what a release must pass to
 * serve (rejected releases leave as the job's dead letters), and, for bundles in an object store,
 * how they are staged to be checked.
 */
public record ReleaseFeed(
    String bootstrapServers,
    Properties clientProperties,
    String releasesTopic,
    ReleaseVerifier verifier,
    ReleaseStaging staging)
    implements Serializable {

  /** Releases of bundles in a local (or mounted) directory. */
  public ReleaseFeed(
      String bootstrapServers,
      Properties clientProperties,
      String releasesTopic,
      ReleaseVerifier verifier) {
    this(bootstrapServers, clientProperties, releasesTopic, verifier, null);
  }
}
