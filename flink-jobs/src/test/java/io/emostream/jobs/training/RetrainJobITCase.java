package io.emostream.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.scoring.ModelSource;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseVerifier;
import io.emostream.model.report.ReportWriter;
import io.emostream.model.retrain.RetrainOutcome;
import io.emostream.model.synth.SyntheticExpressions;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BATCH retraining job on a MiniCluster with the embedded broker: a tiny synthetic DFEW-layout
 * dataset, one epoch of 4-frame 32-pixel clips. A candidate that passes the gate is written as a
 * bundle the scoring job can load and announced on the model-releases topic; one that fails is not.
 */
class RetrainJobITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void dataset() throws Exception {
    SyntheticExpressions.write(new SyntheticExpressions.Spec(20, 4, 48, 0.5, 10, 3), data, null);
  }

  private Configuration conf(Path topicsFile, double minUarGain) {
    Map<String, String> s = new HashMap<>();
    s.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers());
    s.put(KafkaOptions.TOPICS_FILE.key(), topicsFile.toString());
    s.put(TrainingSettings.DATA.key(), data.toString());
    s.put(TrainingSettings.FRAMES.key(), "4");
    s.put(TrainingSettings.SIZE.key(), "32");
    s.put(TrainingSettings.EPOCHS.key(), "1");
    s.put(TrainingSettings.BATCH_SIZE.key(), "8");
    s.put(TrainingSettings.HIDDEN.key(), "16");
    s.put(TrainingSettings.OUTPUT.key(), dir.resolve("runs").toString());
    s.put(TrainingSettings.RELEASES_DIR.key(), dir.resolve("models").toString());
    s.put(TrainingSettings.RELEASE_SIGNING_KEY.key(), dir.resolve("keys/release.key").toString());
    s.put(TrainingSettings.MIN_UAR_GAIN.key(), String.valueOf(minUarGain));
    s.put(TrainingSettings.MAX_WAR_DROP.key(), "1.0");
    return Configuration.fromMap(s);
  }

  private RetrainOutcome run(Configuration conf) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    try (CloseableIterator<RetrainOutcome> result =
        RetrainJob.onKafka(conf).build(env).collectAsync()) {
      env.execute("retrain-it");
      RetrainOutcome outcome = result.next();
      assertThat(result.hasNext()).isFalse();
      return outcome;
    }
  }

  @Test
  void releasesAGatedVersionedBundleAndAnnouncesIt() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);

    RetrainOutcome outcome = run(conf(topicsFile, -1.0)); // any candidate passes

    assertThat(outcome.released).as(outcome.reason).isTrue();
    List<ModelRelease> releases =
        TestKafka.readValues(
            topics.modelReleases().name(),
            AvroCodec.of(ModelRelease.class),
            1,
            Duration.ofSeconds(30));
    assertThat(releases)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getVersion())
                  .isEqualTo(outcome.version)
                  .startsWith("emostream-temporal-");
              assertThat(r.getArchitecture()).isEqualTo(ClipModels.TEMPORAL_CLIP);
              assertThat(r.getParentVersion()).isEqualTo("face-api-1.7.15-frame-average");
              assertThat(r.getMetrics()).containsKeys("war", "uar", "kl", "ece");
              Path bundleDir = Path.of(URI.create(r.getArtifactUri()));
              assertThat(bundleDir).startsWith(dir.resolve("models"));
              ModelBundle bundle = ModelBundle.open(bundleDir);
              assertThat(bundle.manifestSha256()).isEqualTo(r.getSha256());
              // signed with the key made on first use; a scoring job trusting its .pub serves it
              ReleaseVerifier verifier =
                  new ReleaseVerifier(
                      dir.resolve("models").toString(),
                      List.of(dir.resolve("keys/release.pub").toString()),
                      ModelBundle.DEFAULT_MAX_BYTES);
              assertThatCode(() -> verifier.verify(r)).doesNotThrowAnyException();
              assertThat(bundle.manifest().metrics())
                  .containsEntry("uar", r.getMetrics().get("uar"));
              try (FrameEncodingClipModel model =
                  new ModelSource(bundleDir.toString(), "cpu").frameEncoder()) {
                assertThat(model.version()).isEqualTo(outcome.version);
              }
            });
    Path report = Path.of(outcome.reportDir);
    assertThat(report.resolve(ReportWriter.REPORT)).exists();
    assertThat(report.resolve(ReportWriter.CONFUSION)).exists();
    assertThat(report.resolve(ReportWriter.CURVES)).exists();
  }

  @Test
  void aCandidateThatFailsTheGateIsNeitherReleasedNorAnnounced() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);

    RetrainOutcome outcome = run(conf(topicsFile, 1.0)); // a UAR gain of 100 points: impossible

    assertThat(outcome.released).isFalse();
    assertThat(outcome.reason).startsWith("rejected: UAR gain too small");
    assertThat(dir.resolve("models")).doesNotExist();
    assertThat(Files.readString(Path.of(outcome.reportDir, ReportWriter.REPORT)))
        .contains("rejected: UAR gain too small");
    assertThat(
            TestKafka.readValues(
                topics.modelReleases().name(),
                AvroCodec.of(ModelRelease.class),
                0,
                Duration.ofSeconds(3)))
        .isEmpty();
  }
}
