package io.emostream.model.retrain;

import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.bundle.ReleaseSigning;
import io.emostream.schemas.event.ModelRelease;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What a retraining run decided: the candidate's figures, the incumbent's, the gate and, if
 * released, where the bundle is.
 */
public final class RetrainOutcome implements Serializable {
  private static final long serialVersionUID = 1L;

  public String version;
  public String architecture;
  public boolean released;
  public String reason;

  /** file:// URI of the released bundle; null when not released. */
  public String bundleUri;

  /** sha256 of the released bundle's manifest. */
  public String sha256;

  public Map<String, Double> metrics;
  public String incumbentVersion;
  public Map<String, Double> incumbentMetrics;
  public String reportDir;
  public long createdMillis;

  public RetrainOutcome() {}

  /**
   * The announcement the scoring job hot-swaps on, signed over the released bundle's manifest.
   *
   * @param signingKey Ed25519 private key (PEM); made with its .pub on first use
   */
  public ModelRelease toRelease(Path signingKey) throws IOException {
    if (!released) {
      throw new IllegalStateException(version + " was not released: " + reason);
    }
    return toRelease(
        Files.readAllBytes(Path.of(URI.create(bundleUri)).resolve(BundleManifest.FILE_NAME)),
        signingKey);
  }

  /**
   * As {@link #toRelease(Path)}, with the bundle's manifest read by the caller (a bundle in an
   * object store).
   */
  public ModelRelease toRelease(byte[] manifestJson, Path signingKey) throws IOException {
    if (!released) {
      throw new IllegalStateException(version + " was not released: " + reason);
    }
    return ReleaseSigning.signed(unsigned(), manifestJson, signingKey);
  }

  private ModelRelease unsigned() {
    return ModelRelease.newBuilder()
        .setVersion(version)
        .setArchitecture(architecture)
        .setArtifactUri(bundleUri)
        .setSha256(sha256)
        .setMetrics(Map.copyOf(metrics))
        .setParentVersion(incumbentVersion)
        .setCreatedTime(Instant.ofEpochMilli(createdMillis))
        .build();
  }

  @Override
  public String toString() {
    return version
        + ": "
        + reason
        + (released ? " → " + bundleUri : "")
        + " (report: "
        + reportDir
        + ")";
  }
}
