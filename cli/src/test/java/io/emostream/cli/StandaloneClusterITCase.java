package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cluster.LocalFlinkCluster;
import io.emostream.demo.SampleCameraFeed;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.topic.KafkaTopics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
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
    Path jobJar = jobJar();
    try (LocalFlinkCluster cluster =
        LocalFlinkCluster.start(
            dir.resolve("cluster"), Path.of("target", "lib"), freePort(), freePort(), 1, 2)) {
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

  private static Path jobJar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("..", "flink-jobs", "target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-job.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no job jar: run mvn package on flink-jobs first"));
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
