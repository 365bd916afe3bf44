package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once delivery of scores across a failure: the TaskManager running the job is killed
 * mid-stream, the job restarts from its last checkpoint on a new one, and a read_committed consumer
 * sees every expected score once.
 */
class ExactlyOnceScoringITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  private static final int FRAMES_PER_CAMERA = 40;

  @TempDir Path dir;

  @Test
  void deliversEveryScoreExactlyOnceAcrossATaskManagerFailure(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    Instant t0 = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);

    Configuration conf =
        Configuration.fromMap(
            Map.of(
                KafkaOptions.BOOTSTRAP_SERVERS.key(),
                TestKafka.bootstrapServers(),
                KafkaOptions.TOPICS_FILE.key(),
                topicsFile.toString(),
                KafkaOptions.STARTING_OFFSETS.key(),
                "EARLIEST",
                KafkaOptions.DELIVERY.key(),
                "EXACTLY_ONCE",
                KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(),
                "eos-it-" + UUID.randomUUID(),
                ScoringOptions.IDLENESS.key(),
                "1s",
                ScoringOptions.CLIP_FRAMES.key(),
                "8",
                ScoringOptions.CLIP_STRIDE.key(),
                "4",
                "execution.checkpointing.interval",
                "500ms"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(500);
    ScoringJob.onKafka(conf).build(env);
    JobClient job = env.executeAsync("exactly-once-it");
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      publish(producer, topics.frames().name(), t0, 0, FRAMES_PER_CAMERA / 2);
      // Some scores are committed (a checkpoint completed with output) before the failure.
      assertThat(TestKafka.readAll(topics.emotionScores().name(), 2, Duration.ofSeconds(90)))
          .hasSizeGreaterThanOrEqualTo(2);

      cluster.terminateTaskManager(0).get();
      cluster.startTaskManager();
      publish(producer, topics.frames().name(), t0, FRAMES_PER_CAMERA / 2, FRAMES_PER_CAMERA);

      // Watermark = newest capture time - 1 s, so frames 0..28 of each camera are processed:
      // clips end at frames 8, 12, 16, 20, 24, 28 -> 6 per camera, 12 in all.
      List<EmotionScore> scores =
          TestKafka.readValues(
              topics.emotionScores().name(),
              AvroCodec.of(EmotionScore.class),
              12,
              Duration.ofSeconds(120));
      assertThat(scores)
          .extracting(s -> s.getTrackId() + "@" + s.getWindowStart().toEpochMilli())
          .doesNotHaveDuplicates()
          .hasSize(12);
      assertThat(
              cluster
                  .getExecutionGraph(job.getJobID())
                  .get()
                  .getStatusTimestamp(JobStatus.RESTARTING))
          .as("the job really failed and restarted")
          .isPositive();
    } finally {
      job.cancel().get();
    }
  }

  /** Frames [from, to) of two cameras, in capture-time order, record timestamp = capture time. */
  private static void publish(
      KafkaProducer<byte[], byte[]> producer, String topic, Instant t0, int from, int to) {
    for (int i = from; i < to; i++) {
      for (String camera : List.of("eos-1", "eos-2")) {
        TestKafka.send(producer, topic, FrameEvents.frame(camera, i, t0.plusMillis(100L * i)));
      }
    }
  }
}
