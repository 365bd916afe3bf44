package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.frames.FrameEvents;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.io.FileUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade by savepoint: the scoring job stops with a savepoint while tracks and frames waiting
 * for the watermark are in its state, a new job (the same build here; a new one in production)
 * starts from it, and a read_committed consumer finds every expected score exactly once — none lost
 * with the state, none repeated from re-read frames.
 */
class SavepointUpgradeITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  private static final List<String> CAMERAS = List.of("sp-1", "sp-2");

  @TempDir Path dir;

  @Test
  void aJobRestoredFromASavepointLosesAndRepeatsNoScore() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    Instant t0 = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers(),
                KafkaOptions.TOPICS_FILE.key(), topicsFile.toString(),
                KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST",
                KafkaOptions.DELIVERY.key(), "EXACTLY_ONCE",
                KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(), "sp-it-" + UUID.randomUUID(),
                ScoringOptions.IDLENESS.key(), "1s",
                ScoringOptions.CAMERA_IDLE_FLUSH.key(), IDLE_FLUSH,
                ScoringOptions.CLIP_FRAMES.key(), "4",
                ScoringOptions.CLIP_STRIDE.key(), "4",
                ScoringOptions.CLIP_MIN_FRAMES.key(), "2"));
    conf.setString("execution.checkpointing.interval", "500ms");
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      publish(producer, topics.frames().name(), t0, 0, BEFORE);
      JobClient before = start(conf, null);
      Stopped stopped = stopWithStateInside(before, topics, t0);

      publish(producer, topics.frames().name(), t0, BEFORE, TOTAL);
      JobClient after = start(conf, stopped.savepoint());
      try {
        // every clip of every camera once; the last ones come with the idle flush
        List<EmotionScore> scores =
            TestKafka.readValues(
                topics.emotionScores().name(),
                AvroCodec.of(EmotionScore.class),
                allClips(t0).size(),
                Duration.ofSeconds(90));
        assertThat(keys(scores)).containsExactlyInAnyOrderElementsOf(allClips(t0));
      } finally {
        after.cancel().get();
      }
    }
  }

  /** Frames per camera before the savepoint, and in all; clips of 4, stride 4. */
  private static final int BEFORE = 20;

  private static final int TOTAL = 32;

  /** Long enough that the savepoint comes first: frames still wait for the watermark in it. */
  private static final String IDLE_FLUSH = "10s";

  private static List<String> allClips(Instant t0) {
    List<String> expected = new ArrayList<>();
    for (String camera : CAMERAS) {
      for (int start = 0; start < TOTAL; start += 4) {
        expected.add(camera + "/t1@" + t0.plusMillis(100L * start).toEpochMilli());
      }
    }
    return expected;
  }

  /**
   * Waits for the first scores, stops the job with a savepoint and checks that its state held
   * frames not scored yet (the watermark, 1 s behind frame 19, let only frames 0-9 through).
   */
  private Stopped stopWithStateInside(JobClient job, KafkaTopics topics, Instant t0)
      throws Exception {
    assertThat(TestKafka.readAll(topics.emotionScores().name(), 2, Duration.ofSeconds(90)))
        .hasSizeGreaterThanOrEqualTo(2);
    String savepoint =
        job.stopWithSavepoint(
                false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
            .get();
    List<String> before =
        keys(
            TestKafka.readValues(
                topics.emotionScores().name(),
                AvroCodec.of(EmotionScore.class),
                2,
                Duration.ofSeconds(10)));
    assertThat(before)
        .as("scored before the savepoint: clips 0-3 and 4-7 only, the rest was in its state")
        .allSatisfy(
            k ->
                assertThat(Long.parseLong(k.substring(k.indexOf('@') + 1)))
                    .isLessThan(t0.plusMillis(800).toEpochMilli()));
    return new Stopped(savepoint, before);
  }

  /** A job stopped with a savepoint, and the scores it had made. */
  private record Stopped(String savepoint, List<String> scoresBefore) {}

  /**
   * A savepoint of this version's scoring job, kept under test resources: a later build that
   * changes the state layout (operator uids, state names, serializers) in a way it cannot restore
   * fails here. The frames it had read are published again (fresh topics of the same names reach
   * the same offsets), then the rest; the scores after the restore must be exactly those the
   * release produced after its own restore when the savepoint was made.
   */
  @Test
  void restoresTheSavepointOfRelease010() throws Exception {
    Path stored = Path.of(getClass().getResource(STORED).toURI());
    JsonNode expected = new ObjectMapper().readTree(stored.resolve("expected.json").toFile());
    Instant t0 = Instant.parse(expected.get("t0").asText());
    Path topicsFile = TestKafka.topics(dir, expected.get("prefix").asText());
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    Configuration conf = storedConf(topicsFile);
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      publish(producer, topics.frames().name(), t0, 0, BEFORE);
      JobClient after = start(conf, stored.resolve("savepoint").toUri().toString());
      try {
        publish(producer, topics.frames().name(), t0, BEFORE, TOTAL);
        List<String> want = new ArrayList<>();
        expected.get("scoresAfterRestore").forEach(n -> want.add(n.asText()));
        List<EmotionScore> scores =
            TestKafka.readValues(
                topics.emotionScores().name(),
                AvroCodec.of(EmotionScore.class),
                want.size(),
                Duration.ofSeconds(90));
        assertThat(scores)
            .extracting(s -> s.getTrackId() + "@" + s.getWindowStart().toEpochMilli())
            .containsExactlyInAnyOrderElementsOf(want);
      } finally {
        after.cancel().get();
      }
    }
  }

  private static final String STORED = "/savepoints/scoring-0.1.0";

  /**
   * Makes the stored savepoint (run once per release whose state layout changes, then commit the
   * directory): {@code mvn verify -pl flink-jobs -Dit.test=SavepointUpgradeITCase
   * -Demostream.savepoint.write=$PWD/flink-jobs/src/test/resources/savepoints/scoring-0.1.0}.
   */
  @Test
  @EnabledIfSystemProperty(named = "emostream.savepoint.write", matches = ".+")
  void writeTheStoredSavepoint() throws Exception {
    Path target = Path.of(System.getProperty("emostream.savepoint.write"));
    Instant t0 = Instant.parse("2026-11-30T00:00:00Z");
    String prefix = "sp-0-1-0.";
    Path topicsFile = TestKafka.topics(dir, prefix);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    Configuration conf = storedConf(topicsFile);
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      publish(producer, topics.frames().name(), t0, 0, BEFORE);
      Stopped stopped = stopWithStateInside(start(conf, null), topics, t0);
      JobClient after = start(conf, stopped.savepoint());
      publish(producer, topics.frames().name(), t0, BEFORE, TOTAL);
      List<String> all =
          keys(
              TestKafka.readValues(
                  topics.emotionScores().name(),
                  AvroCodec.of(EmotionScore.class),
                  allClips(t0).size(),
                  Duration.ofSeconds(90)));
      after.cancel().get();
      assertThat(all).containsExactlyInAnyOrderElementsOf(allClips(t0));
      List<String> afterRestore = new ArrayList<>(all);
      afterRestore.removeAll(stopped.scoresBefore());
      FileUtils.deleteDirectory(target.toFile());
      FileUtils.copyDirectory(
          Path.of(java.net.URI.create(stopped.savepoint())).toFile(),
          target.resolve("savepoint").toFile());
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("t0", t0.toString());
      json.put("prefix", prefix);
      afterRestore.forEach(json.putArray("scoresAfterRestore")::add);
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(target.resolve("expected.json").toFile(), json);
    }
  }

  /** The stored savepoint's settings: at-least-once, so its state holds no Kafka transactions. */
  private static Configuration storedConf(Path topicsFile) {
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers(),
                KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST",
                KafkaOptions.DELIVERY.key(), "AT_LEAST_ONCE",
                ScoringOptions.IDLENESS.key(), "1s",
                ScoringOptions.CAMERA_IDLE_FLUSH.key(), IDLE_FLUSH,
                ScoringOptions.CLIP_FRAMES.key(), "4",
                ScoringOptions.CLIP_STRIDE.key(), "4",
                ScoringOptions.CLIP_MIN_FRAMES.key(), "2"));
    conf.setString(KafkaOptions.TOPICS_FILE.key(), topicsFile.toString());
    return conf;
  }

  private static List<String> keys(List<EmotionScore> scores) {
    return scores.stream()
        .map(s -> s.getTrackId() + "@" + s.getWindowStart().toEpochMilli())
        .toList();
  }

  private static JobClient start(Configuration conf, String savepoint) throws Exception {
    Configuration env = new Configuration();
    if (savepoint != null) {
      env.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment e = StreamExecutionEnvironment.getExecutionEnvironment(env);
    e.setParallelism(2);
    e.enableCheckpointing(500);
    ScoringJob.onKafka(conf).build(e);
    return e.executeAsync(savepoint == null ? "savepoint-it-before" : "savepoint-it-after");
  }

  /** Frames [from, to) of each camera, in capture-time order. */
  private static void publish(
      KafkaProducer<byte[], byte[]> producer, String topic, Instant t0, int from, int to) {
    for (int i = from; i < to; i++) {
      for (String camera : CAMERAS) {
        TestKafka.send(producer, topic, FrameEvents.frame(camera, i, t0.plusMillis(100L * i)));
      }
    }
  }
}
