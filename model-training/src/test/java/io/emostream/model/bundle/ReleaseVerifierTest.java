package io.emostream.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.model.Digests;
import io.emostream.schemas.event.ModelRelease;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forged releases are refused; a genuine one passes with the exact bytes that were checked. */
class ReleaseVerifierTest {
  @TempDir Path dir;
  private Path root;
  private Path signingKey;
  private ReleaseVerifier verifier;

  @BeforeEach
  void keysAndRoot() throws Exception {
    root = Files.createDirectories(dir.resolve("models"));
    signingKey = dir.resolve("keys/release.key");
    ReleaseSigning.loadOrCreate(signingKey);
    verifier =
        new ReleaseVerifier(
            root.toString(),
            List.of(ReleaseSigning.publicKeyOf(signingKey).toString()),
            ModelBundle.DEFAULT_MAX_BYTES);
  }

  @Test
  void aSignedBundleInsideTheRootServes() throws Exception {
    Path bundle = bundle(root.resolve("v2"), "v2");
    ModelBundle verified = verifier.verify(signed(bundle, "v2", signingKey));
    assertThat(verified.manifest().version()).isEqualTo("v2");
  }

  @Test
  void anUnsignedReleaseIsRefused() throws Exception {
    Path bundle = bundle(root.resolve("v2"), "v2");
    assertRefused(unsigned(bundle, "v2"), "the release is not signed");
  }

  @Test
  void aReleaseSignedByAnUntrustedKeyIsRefused() throws Exception {
    Path other = dir.resolve("attacker/release.key");
    Path bundle = bundle(root.resolve("v2"), "v2");
    assertRefused(signed(bundle, "v2", other), "which is not among the trusted keys");
  }

  @Test
  void aSignatureOverAnotherManifestIsRefused() throws Exception {
    Path bundle = bundle(root.resolve("v2"), "v2");
    ModelRelease genuine = signed(bundle, "v2", signingKey);
    // the attacker edits the manifest and announces its new digest, keeping the old signature
    Path manifest = bundle.resolve(BundleManifest.FILE_NAME);
    Files.writeString(manifest, Files.readString(manifest) + "\n");
    ModelRelease forged =
        ModelRelease.newBuilder(genuine)
            .setSha256(Digests.sha256(Files.readAllBytes(manifest)))
            .build();
    assertRefused(forged, "the signature does not match the manifest");
  }

  @Test
  void aWeightFileSwappedAfterSigningIsRefused() throws Exception {
    Path bundle = bundle(root.resolve("v2"), "v2");
    ModelRelease release = signed(bundle, "v2", signingKey);
    Path weights = bundle.resolve("face_expression_model.bin");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[100] ^= 1;
    Files.write(weights, bytes);
    assertRefused(release, "the bundle is corrupt or was modified");
  }

  @Test
  void bundlesOutsideTheRootOrLinkedOutOfItAreRefused() throws Exception {
    Path outside = bundle(dir.resolve("elsewhere/v2"), "v2");
    assertRefused(signed(outside, "v2", signingKey), "not a directory inside the releases root");

    ModelRelease viaDotDot =
        ModelRelease.newBuilder(signed(outside, "v2", signingKey))
            .setArtifactUri(root.toUri() + "../elsewhere/v2")
            .build();
    assertRefused(viaDotDot, "not a directory inside the releases root");

    Path link = Files.createSymbolicLink(root.resolve("v2-link"), outside);
    ModelRelease viaLink =
        ModelRelease.newBuilder(signed(outside, "v2", signingKey))
            .setArtifactUri(link.toUri().toString())
            .build();
    assertRefused(viaLink, "not a directory inside the releases root");
  }

  @Test
  void anOversizedBundleIsRefusedBeforeItIsRead() throws Exception {
    Path bundle = bundle(root.resolve("v2"), "v2");
    ReleaseVerifier small =
        new ReleaseVerifier(
            root.toString(), List.of(ReleaseSigning.publicKeyOf(signingKey).toString()), 1000);
    assertThatThrownBy(() -> small.verify(signed(bundle, "v2", signingKey)))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("larger than the limit of 1000 bytes");
  }

  private void assertRefused(ModelRelease release, String why) {
    assertThatThrownBy(() -> verifier.verify(release))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining(why);
  }

  private static Path bundle(Path at, String version) throws Exception {
    ModelBundle.builtIn().writeTo(at);
    Path manifest = at.resolve(BundleManifest.FILE_NAME);
    Files.writeString(
        manifest, Files.readString(manifest).replace("face-api-1.7.15-frame-average", version));
    return at;
  }

  private static ModelRelease unsigned(Path bundle, String version) throws Exception {
    return ModelRelease.newBuilder()
        .setVersion(version)
        .setArchitecture("face-api-expression-frame-average")
        .setArtifactUri(bundle.toUri().toString())
        .setSha256(Digests.sha256(Files.readAllBytes(bundle.resolve(BundleManifest.FILE_NAME))))
        .setMetrics(Map.of())
        .setCreatedTime(Instant.now())
        .build();
  }

  private static ModelRelease signed(Path bundle, String version, Path key) throws Exception {
    return ReleaseSigning.signed(
        unsigned(bundle, version),
        Files.readAllBytes(bundle.resolve(BundleManifest.FILE_NAME)),
        key);
  }

  @Test
  void keysRoundTripThroughPem() throws Exception {
    KeyPair pair = ReleaseSigning.generate();
    ReleaseSigning.write(pair, dir.resolve("a.key"), dir.resolve("a.pub"));
    byte[] message = "manifest".getBytes();
    byte[] signature =
        ReleaseSigning.sign(ReleaseSigning.readPrivateKey(dir.resolve("a.key")), message);
    assertThat(
            ReleaseSigning.verify(
                ReleaseSigning.readPublicKey(dir.resolve("a.pub")), message, signature))
        .isTrue();
    assertThat(ReleaseSigning.verify(pair.getPublic(), "other".getBytes(), signature)).isFalse();
    assertThat(ByteBuffer.wrap(signature).remaining()).isEqualTo(64);
  }
}
