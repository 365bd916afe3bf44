package io.emostream.model.bundle;

import io.emostream.model.ConfinedFiles;
import io.emostream.schemas.event.ModelRelease;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether an announced {@link ModelRelease} may serve: its bundle lies inside the releases
 * root (no {@code ..}, no link out of it), is no larger than the limit, every file matches the
 * manifest, the manifest is the one the release names (sha256, version), and the release carries an
 * Ed25519 signature over that manifest by one of the trusted keys. The bundle it returns holds the
 * verified bytes that loaders use, so nothing read later from disk can differ from what was
 * checked.
 */
public final class ReleaseVerifier implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String releasesRoot;
  private final List<String> trustedKeyFiles;
  private final long maxBundleBytes;
  private transient Map<String, PublicKey> trusted;
  private transient String keyProblem;

  /**
   * @param releasesRoot the only directory bundles are served from
   * @param trustedKeyFiles Ed25519 public keys (X.509 PEM) whose signatures are accepted
   * @param maxBundleBytes largest bundle, all files together
   */
  public ReleaseVerifier(String releasesRoot, List<String> trustedKeyFiles, long maxBundleBytes) {
    this.releasesRoot = releasesRoot;
    this.trustedKeyFiles = List.copyOf(trustedKeyFiles);
    this.maxBundleBytes = maxBundleBytes;
  }

  /** The verified bundle of the release; a {@link BundleException} says why it may not serve. */
  public ModelBundle verify(ModelRelease release) throws BundleException {
    loadKeys(false);
    if (release.getSignature() == null || release.getSigningKeyId() == null) {
      throw new BundleException(
          "the release is not signed; sign it with 'bin/emostream release sign' (or let the"
              + " retraining job sign it with retrain.release.signing-key)");
    }
    PublicKey key = trusted.get(release.getSigningKeyId());
    if (key == null) {
      loadKeys(true); // a key file added since (e.g. the first retraining created its key pair)
      key = trusted.get(release.getSigningKeyId());
    }
    if (key == null) {
      throw new BundleException(
          "signed by key "
              + release.getSigningKeyId()
              + ", which is not among the trusted keys (scoring.model.release-keys)"
              + (keyProblem == null ? "" : "; " + keyProblem));
    }
    Path dir = insideRoot(release.getArtifactUri());
    ModelBundle bundle = ModelBundle.open(dir, maxBundleBytes);
    if (!bundle.manifestSha256().equals(release.getSha256())) {
      throw new BundleException(
          "bundle manifest sha256 "
              + bundle.manifestSha256()
              + " is not the release's "
              + release.getSha256());
    }
    if (!bundle.manifest().version().equals(release.getVersion())) {
      throw new BundleException(
          "bundle version "
              + bundle.manifest().version()
              + " is not the release's "
              + release.getVersion());
    }
    if (!ReleaseSigning.verify(key, bundle.manifestJson(), bytes(release.getSignature()))) {
      throw new BundleException(
          "the signature does not match the manifest (key " + release.getSigningKeyId() + ")");
    }
    return bundle;
  }

  private Path insideRoot(String artifactUri) throws BundleException {
    Path requested;
    try {
      URI uri = URI.create(artifactUri);
      requested = uri.getScheme() == null ? Path.of(artifactUri) : Path.of(uri);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new BundleException("the artifact URI is not a local directory");
    }
    try {
      return ConfinedFiles.resolveInside(requested, List.of(Path.of(releasesRoot)))
          .orElseThrow(this::outside);
    } catch (IOException e) {
      throw outside();
    }
  }

  private BundleException outside() {
    return new BundleException(
        "the bundle is not a directory inside the releases root (scoring.model.releases-root)");
  }

  private void loadKeys(boolean again) {
    if (trusted != null && !again) {
      return;
    }
    Map<String, PublicKey> keys = new HashMap<>();
    StringBuilder problems = new StringBuilder();
    for (String file : trustedKeyFiles) {
      try {
        PublicKey key = ReleaseSigning.readPublicKey(Path.of(file));
        keys.put(ReleaseSigning.keyId(key), key);
      } catch (IOException | RuntimeException e) {
        problems.append(problems.isEmpty() ? "" : "; ").append("cannot read key ").append(file);
      }
    }
    trusted = keys;
    keyProblem = problems.isEmpty() ? null : problems.toString();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] b = new byte[copy.remaining()];
    copy.get(b);
    return b;
  }
}
