package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cluster.LocalFlinkCluster;
import io.emostream.ingest.CameraSpec;
import io.emostream.ingest.Ingest;
import io.emostream.ingest.IngestOptions;
import io.emostream.ingest.KafkaTarget;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.sample.SampleFrames;
import io.emostream.s3.local.LocalS3;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged job jar, unchanged, on a Flink standalone session cluster of separate JVMs (one
 * JobManager, one TaskManager, on the cluster classpath of target/lib, Flink's s3 file system as a
 * plugin from target/plugins) against a real broker: submitted over REST like `flink run`, it
 * scores the frames of a real ingest whose images all went to a claim-check store on S3 (S3Proxy, a
 * separate process), and commits the scores on checkpoints.
 */
class StandaloneClusterITCase {
  private static final String STORE = "s3://emostream/claims";

  @TempDir Path dir;

  @Test
  void theJobJarScoresFramesClaimCheckedOnS3OnASeparateProcessCluster() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    try (LocalS3 s3 = LocalS3.start(dir.resolve("s3"));
        LocalFlinkCluster cluster =
            LocalFlinkCluster.start(
                dir.resolve("cluster"),
                Path.of("target", "lib"),
                BuiltArtifacts.freePort(),
                BuiltArtifacts.freePort(),
                1,
                2,
                s3.flinkSettings())) {
      s3.createBucket("emostream");
      String job =
          cluster.submit(
              BuiltArtifacts.jobJar(),
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
                  "scoring.claim-check.roots=" + STORE,
                  "-D",
                  "scoring.watermark.idleness=1s",
                  "-D",
                  "execution.checkpointing.interval=1s"));

      long published = ingestThroughS3(s3, topics);
      List<EmotionScore> scores =
          TestKafka.readValues(
              topics.emotionScores().name(),
              AvroCodec.of(EmotionScore.class),
              2,
              Duration.ofMinutes(3));

      assertThat(published).isEqualTo(40);
      assertThat(objectsIn(s3.objectFile("emostream", "claims")))
          .as("every frame went through the claim-check store")
          .isEqualTo(40);
      assertThat(scores).hasSizeGreaterThanOrEqualTo(2);
      assertThat(scores.get(0).getCameraId()).isEqualTo("s3-cam");
      assertThat(
              TestKafka.readValues(
                  topics.deadLetters().name(),
                  AvroCodec.of(DeadLetter.class),
                  1,
                  Duration.ofSeconds(5)))
          .as("no frame dead-lettered")
          .isEmpty();
      assertThat(cluster.state(job)).isEqualTo("RUNNING");
      assertThat(cluster.completedCheckpoints(job)).isPositive();
      cluster.cancel(job);
    }
  }

  /** 4 s of one camera at 10 fps, every image above the claim-check threshold. */
  private long ingestThroughS3(LocalS3 s3, KafkaTopics topics) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("camera"));
    List<byte[]> frames = SampleFrames.jpegLoop(40, 0, 0.85f);
    for (int i = 0; i < frames.size(); i++) {
      Files.write(folder.resolve(String.format("f%03d.jpg", i)), frames.get(i));
    }
    Settings conf =
        Settings.of(
            Map.of(
                IngestOptions.FPS.key(), "10",
                IngestOptions.REALTIME.key(), "true",
                IngestOptions.EDGE_FACES.key(), "BOXES",
                IngestOptions.CONSENT_PURPOSE.key(), "cluster-test",
                IngestOptions.CLAIM_CHECK_THRESHOLD.key(), "1kb",
                IngestOptions.CLAIM_CHECK_STORE.key(), STORE,
                IngestOptions.CLAIM_CHECK_S3_ENDPOINT.key(), s3.endpoint(),
                IngestOptions.CLAIM_CHECK_S3_REGION.key(), LocalS3.REGION,
                IngestOptions.CLAIM_CHECK_S3_PATH_STYLE.key(), "true"));
    // The AWS SDK's default credential chain, as on an edge device with AWS_* variables.
    System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
    try (Ingest ingest =
        Ingest.start(
            List.of(CameraSpec.of("s3-cam", folder.toString(), conf)),
            conf,
            new KafkaTarget(TestKafka.bootstrapServers(), new Properties(), topics))) {
      return ingest.await().get(0);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  private static long objectsIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".jpg")).count();
    }
  }
}
