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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every camera stops while the (unbounded) job runs: no watermark moves event time on, yet each
 * track's last clips come out within scoring.camera.idle-flush. Without the flush (0) the final
 * clip never comes: this test fails.
 */
class IdleCamerasITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  @TempDir Path dir;

  @Test
  void theLastClipsOfEveryCameraComeOutWhenAllCamerasStop() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
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
                ScoringOptions.CAMERA_IDLE_FLUSH.key(), "3s",
                ScoringOptions.CLIP_FRAMES.key(), "4",
                ScoringOptions.CLIP_STRIDE.key(), "4",
                ScoringOptions.CLIP_MIN_FRAMES.key(), "2"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    ScoringJob.onKafka(conf).build(env);
    JobClient job = env.executeAsync("idle-cameras-it");
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      // 10 frames per camera, then silence: clips 0-3 and 4-7, and the final clip 6-9
      for (int i = 0; i < 10; i++) {
        for (String camera : List.of("idle-a", "idle-b")) {
          TestKafka.send(
              producer,
              topics.frames().name(),
              FrameEvents.frame(camera, i, t0.plusMillis(100L * i)));
        }
      }
      List<EmotionScore> scores =
          TestKafka.readValues(
              topics.emotionScores().name(),
              AvroCodec.of(EmotionScore.class),
              6,
              Duration.ofSeconds(60));
      assertThat(scores)
          .filteredOn(s -> s.getWindowEnd().equals(t0.plusMillis(900)))
          .as("the final clip of each camera, frames up to the last one")
          .extracting(EmotionScore::getTrackId)
          .containsExactlyInAnyOrder("idle-a/t1", "idle-b/t1");
    } finally {
      job.cancel().get();
    }
  }
}
