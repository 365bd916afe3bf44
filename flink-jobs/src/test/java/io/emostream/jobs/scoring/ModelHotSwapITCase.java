package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.frames.FrameEvents;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.Digests;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseSigning;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running job switches models when a signed release is announced, and serves none of the forged
 * ones (corrupt file, unsigned, signed by an untrusted key, outside the releases root) while the
 * current model keeps serving.
 */
class ModelHotSwapITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  @TempDir Path dir;

  @Test
  void swapsModelWithoutRestartAndRejectsForgedReleases() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    Path root = Files.createDirectories(dir.resolve("models"));
    Path trustedKey = dir.resolve("keys/release.key");
    ReleaseSigning.loadOrCreate(trustedKey);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    Instant t0 = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers(),
                KafkaOptions.TOPICS_FILE.key(), topicsFile.toString(),
                KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST",
                KafkaOptions.DELIVERY.key(), "AT_LEAST_ONCE",
                ScoringOptions.IDLENESS.key(), "1s",
                ScoringOptions.MODEL_RELEASES_ROOT.key(), root.toString(),
                ScoringOptions.MODEL_RELEASE_KEYS.key(),
                    ReleaseSigning.publicKeyOf(trustedKey).toString(),
                ScoringOptions.CLIP_FRAMES.key(), "4",
                ScoringOptions.CLIP_STRIDE.key(), "2"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    ScoringJob.onKafka(conf).build(env);
    JobClient job = env.executeAsync("hot-swap-it");
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      publishFrames(
          producer, topics.frames().name(), t0, 0, 20); // event time reaches frame 9: clips of 4
      assertThat(scores(topics, 1))
          .extracting(EmotionScore::getModelVersion)
          .contains("face-api-1.7.15-frame-average");

      Path corrupt = release(producer, topics, root, "v-corrupt", true, trustedKey);
      release(producer, topics, root, "v-unsigned", false, null);
      release(producer, topics, root, "v-other-key", false, dir.resolve("attacker/release.key"));
      release(producer, topics, dir.resolve("elsewhere"), "v-outside", false, trustedKey);
      Path good = release(producer, topics, root, "v2-hot-swapped", false, trustedKey);
      Thread.sleep(3_000); // the watcher loads and warms the model up off the task thread
      publishFrames(producer, topics.frames().name(), t0, 20, 50);

      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      List<EmotionScore> scores = scores(topics, 1);
      while (scores.stream().noneMatch(s -> s.getModelVersion().equals("v2-hot-swapped"))
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
        scores = scores(topics, 1);
      }
      assertThat(scores)
          .extracting(EmotionScore::getModelVersion)
          .contains("face-api-1.7.15-frame-average", "v2-hot-swapped")
          .doesNotContain("v-corrupt", "v-unsigned", "v-other-key", "v-outside");

      List<DeadLetter> rejected =
          TestKafka.readValues(
                  topics.deadLetters().name(),
                  AvroCodec.of(DeadLetter.class),
                  4,
                  Duration.ofSeconds(30))
              .stream()
              .filter(d -> d.getReason() == DeadLetterReason.MODEL_REJECTED)
              .toList();
      assertThat(rejected)
          .allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(topics.modelReleases().name()))
          .extracting(DeadLetter::getDetail)
          .satisfiesExactlyInAnyOrder(
              d ->
                  assertThat(d)
                      .contains("v-corrupt", corrupt.toString())
                      .contains("the bundle is corrupt or was modified"),
              d -> assertThat(d).contains("v-unsigned", "the release is not signed"),
              d -> assertThat(d).contains("v-other-key", "not among the trusted keys"),
              d -> assertThat(d).contains("v-outside", "not a directory inside the releases root"));
      assertThat(good).exists();
    } finally {
      job.cancel().get();
    }
  }

  private List<EmotionScore> scores(KafkaTopics topics, int atLeast) {
    return TestKafka.readValues(
        topics.emotionScores().name(),
        AvroCodec.of(EmotionScore.class),
        atLeast,
        Duration.ofSeconds(60));
  }

  /**
   * Writes the built-in bundle under a new version (optionally with a corrupted weight file) and
   * announces it.
   */
  private Path release(
      KafkaProducer<byte[], byte[]> producer,
      KafkaTopics topics,
      Path under,
      String version,
      boolean corrupt,
      Path signingKey)
      throws Exception {
    Path bundle = under.resolve(version);
    ModelBundle.builtIn().writeTo(bundle);
    Path manifest = bundle.resolve("manifest.json");
    Files.writeString(
        manifest, Files.readString(manifest).replace("face-api-1.7.15-frame-average", version));
    ModelRelease release =
        ModelRelease.newBuilder()
            .setVersion(version)
            .setArchitecture("face-api-expression-frame-average")
            .setArtifactUri(bundle.toUri().toString())
            .setSha256(Digests.sha256(Files.readAllBytes(manifest)))
            .setMetrics(Map.of())
            .setCreatedTime(Instant.now())
            .build();
    if (signingKey != null) {
      // signed before the corruption: the signature is genuine, the weights are not
      release = ReleaseSigning.signed(release, Files.readAllBytes(manifest), signingKey);
    }
    if (corrupt) {
      Path bin = bundle.resolve("face_expression_model.bin");
      byte[] bytes = Files.readAllBytes(bin);
      bytes[100] ^= 0x01;
      Files.write(bin, bytes);
    }
    producer
        .send(
            new ProducerRecord<>(
                topics.modelReleases().name(),
                version.getBytes(StandardCharsets.UTF_8),
                AvroCodec.of(ModelRelease.class).encode(release)))
        .get();
    return bundle;
  }

  private static void publishFrames(
      KafkaProducer<byte[], byte[]> producer, String topic, Instant t0, int from, int to) {
    for (int i = from; i < to; i++) {
      TestKafka.send(producer, topic, FrameEvents.frame("hs-1", i, t0.plusMillis(100L * i)));
    }
  }
}
