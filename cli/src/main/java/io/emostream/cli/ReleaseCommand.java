package io.emostream.cli;

import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseSigning;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ModelRelease;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code emostream release keygen|sign|publish}: releasing a model the scoring job will serve, for
 * users who bring their own (the retraining job signs its releases itself).
 */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Signs and announces model bundles. The scoring job serves only releases whose bundle lies in"
          + " scoring.model.releases-root and whose Ed25519 signature over manifest.json verifies"
          + " with a key in scoring.model.release-keys.",
      "  keygen           makes a key pair (KEY and KEY's .pub)",
      "  sign BUNDLE      writes BUNDLE/release.sig (key id + signature over manifest.json)",
      "  publish BUNDLE   announces BUNDLE on the model-releases topic, signed by release.sig or"
          + " --key"
    },
    footer = {
      "",
      "Example:  bin/emostream release keygen --key keys/team.key",
      "          bin/emostream release sign var/models/my-model-v3 --key keys/team.key",
      "          bin/emostream release publish var/models/my-model-v3"
    })
final class ReleaseCommand implements Callable<Integer> {
  static final String SIGNATURE_FILE = "release.sig";

  @Mixin ConfigMixin config;

  @Parameters(index = "0", paramLabel = "ACTION", description = "keygen, sign or publish")
  Action action;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "BUNDLE",
      description = "Bundle directory (sign, publish).")
  Path bundle;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "Ed25519 private key, PKCS#8 PEM (default: retrain.release.signing-key, var/keys/release.key).")
  Path key;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      descriptionKey = "kafka.bootstrap-servers",
      description = "Kafka bootstrap servers, for 'publish' (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Spec CommandSpec spec;

  enum Action {
    keygen,
    sign,
    publish
  }

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    Path privateKey = key != null ? key : Path.of(conf.get(TrainingSettings.RELEASE_SIGNING_KEY));
    switch (action) {
      case keygen -> {
        if (Files.exists(privateKey)) {
          throw new IllegalArgumentException(privateKey + " exists; not overwriting a key");
        }
        KeyPair pair = ReleaseSigning.generate();
        ReleaseSigning.write(pair, privateKey, ReleaseSigning.publicKeyOf(privateKey));
        System.out.println(
            "key "
                + ReleaseSigning.keyId(pair.getPublic())
                + ": private "
                + privateKey
                + " (keep it secret), public "
                + ReleaseSigning.publicKeyOf(privateKey)
                + " (list it in scoring.model.release-keys)");
      }
      case sign -> {
        ModelBundle opened = openBundle();
        ModelRelease signed =
            ReleaseSigning.signed(unsigned(opened), opened.manifestJson(), privateKey);
        writeSignature(bundle, signed);
        System.out.println(
            "signed "
                + opened.manifest().version()
                + " with key "
                + signed.getSigningKeyId()
                + ": "
                + bundle.resolve(SIGNATURE_FILE));
      }
      case publish -> publish(conf, privateKey);
    }
    return 0;
  }

  private void publish(Configuration conf, Path privateKey) throws Exception {
    ModelBundle opened = openBundle();
    ModelRelease release =
        Files.exists(bundle.resolve(SIGNATURE_FILE))
            ? readSignature(bundle, unsigned(opened))
            : ReleaseSigning.signed(unsigned(opened), opened.manifestJson(), privateKey);
    Path root = Path.of(conf.get(ScoringOptions.MODEL_RELEASES_ROOT)).toAbsolutePath().normalize();
    if (!bundle.toAbsolutePath().normalize().startsWith(root)) {
      System.err.println(
          "warning: "
              + bundle
              + " is outside scoring.model.releases-root ("
              + root
              + "); a scoring job with that root will refuse it");
    }
    KafkaIo kafka = new KafkaIo(conf);
    String topic = kafka.topics().modelReleases().name();
    try (KafkaProducer<byte[], byte[]> producer = CliProducer.open(kafka, conf)) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  release.getVersion().getBytes(StandardCharsets.UTF_8),
                  AvroCodec.of(ModelRelease.class).encode(release)))
          .get();
    }
    System.out.println(
        "published "
            + release.getVersion()
            + " (key "
            + release.getSigningKeyId()
            + ") to "
            + topic
            + " on "
            + kafka.bootstrapServers());
  }

  private ModelBundle openBundle() throws BundleException {
    if (bundle == null) {
      throw new IllegalArgumentException(action + " needs a BUNDLE directory");
    }
    return ModelBundle.open(bundle); // every file checked against the manifest
  }

  private ModelRelease unsigned(ModelBundle opened) {
    return ModelRelease.newBuilder()
        .setVersion(opened.manifest().version())
        .setArchitecture(opened.manifest().architecture())
        .setArtifactUri(bundle.toAbsolutePath().normalize().toUri().toString())
        .setSha256(opened.manifestSha256())
        .setMetrics(opened.manifest().metrics() == null ? Map.of() : opened.manifest().metrics())
        .setParentVersion(opened.manifest().parentVersion())
        .setCreatedTime(Instant.now())
        .build();
  }

  /** {@code ed25519 KEY-ID SIGNATURE-BASE64}: signatures travel with the bundle, keys do not. */
  static void writeSignature(Path bundle, ModelRelease signed) throws IOException {
    ByteBuffer sig = signed.getSignature().duplicate();
    byte[] bytes = new byte[sig.remaining()];
    sig.get(bytes);
    Files.writeString(
        bundle.resolve(SIGNATURE_FILE),
        "ed25519 "
            + signed.getSigningKeyId()
            + " "
            + Base64.getEncoder().encodeToString(bytes)
            + "\n");
  }

  static ModelRelease readSignature(Path bundle, ModelRelease unsigned) throws IOException {
    String[] parts = Files.readString(bundle.resolve(SIGNATURE_FILE)).trim().split(" ");
    if (parts.length != 3 || !parts[0].equals("ed25519")) {
      throw new IOException(bundle.resolve(SIGNATURE_FILE) + " is not 'ed25519 KEY-ID SIGNATURE'");
    }
    return ModelRelease.newBuilder(unsigned)
        .setSigningKeyId(parts[1])
        .setSignature(ByteBuffer.wrap(Base64.getDecoder().decode(parts[2])))
        .build();
  }
}
