package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cluster.LocalFlinkCluster;
import io.emostream.demo.SampleCameraFeed;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged job jar, unchanged, on a Flink standalone session cluster of separate JVMs (one
 * JobManager, one TaskManager, on the cluster classpath of target/lib) against a real broker:
 * submitted over REST like `flink run`, it scores a sample camera's frames and commits them on
 * checkpoints.
 */
class StandaloneClusterITCase {
  @TempDir Path dir;

  @Test
  void theJobJarScoresFramesOnASeparateProcessCluster() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    Path jobJar = BuiltArtifacts.jobJar();
    try (LocalFlinkCluster cluster =
        LocalFlinkCluster.start(
            dir.resolve("cluster"),
            Path.of("target", "lib"),
            BuiltArtifacts.freePort(),
            BuiltArtifacts.freePort(),
            1,
            2)) {
      String job =
          cluster.submit(
              jobJar,
              "io.emostream.jobs.JobsMain",
              List.of(
                  "scoring",
                  "-D",
                  "kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                  "-D",
                  "kafka.topics-file=" + topicsFile,
                  "-D",
                  "kafka.sink.transactional-id-prefix=cluster-it",
                  "-D",
                  "kafka.consumer.group-id=cluster-it",
                  "-D",
                  "kafka.consumer.starting-offsets=EARLIEST",
                  "-D",
                  "scoring.watermark.idleness=1s",
                  "-D",
                  "execution.checkpointing.interval=1s"));
      try (SampleCameraFeed feed =
          SampleCameraFeed.start(
              TestKafka.bootstrapServers(), topics.frames(), 1, 10, true, new Properties())) {
        List<EmotionScore> scores =
            TestKafka.readValues(
                topics.emotionScores().name(),
                AvroCodec.of(EmotionScore.class),
                2,
                Duration.ofMinutes(3));
        assertThat(scores).hasSizeGreaterThanOrEqualTo(2);
        assertThat(scores.get(0).getCameraId()).isEqualTo(SampleCameraFeed.cameraId(0));
      }
      assertThat(cluster.state(job)).isEqualTo("RUNNING");
      assertThat(cluster.completedCheckpoints(job)).isPositive();
      cluster.cancel(job);
    }
  }
}
