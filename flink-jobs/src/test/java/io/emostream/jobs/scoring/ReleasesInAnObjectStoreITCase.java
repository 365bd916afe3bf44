package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.training.RetrainJob;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseVerifier;
import io.emostream.model.retrain.RetrainOutcome;
import io.emostream.model.synth.SyntheticExpressions;
import io.emostream.s3.local.LocalS3;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model releases through an object store (S3Proxy as a separate process, Flink's s3 file system):
 * the retraining job on a MiniCluster writes its released bundle to s3://models/releases and
 * announces it there; the scoring job's release watcher copies, checks and loads it, and the clip
 * scorer reopens it by its pinned s3:// reference. Bundles outside the releases root, or changed in
 * the store, are refused.
 */
class ReleasesInAnObjectStoreITCase {
  private static final String RELEASES = "s3://models/releases";

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path dir;
  static LocalS3 store;

  @BeforeAll
  static void start() throws Exception {
    store = LocalS3.start(dir.resolve("s3"));
    store.createBucket("models");
    // The MiniCluster's tasks share this JVM's file systems: point s3:// at the store.
    FileSystem.initialize(Configuration.fromMap(store.flinkSettings()), null);
    SyntheticExpressions.write(
        new SyntheticExpressions.Spec(20, 4, 48, 0.5, 10, 3), dir.resolve("data"), null);
  }

  @AfterAll
  static void stop() throws Exception {
    FileSystem.initialize(new Configuration(), null);
    store.close();
  }

  @Test
  void aReleaseInTheStoreIsAnnouncedCheckedAndServed() throws Exception {
    Path topicsFile = TestKafka.freshTopics(Files.createDirectories(dir.resolve("topics")));
    KafkaTopics topics = KafkaTopics.load(topicsFile);

    RetrainOutcome outcome = retrain(topicsFile);

    assertThat(outcome.released).as(outcome.reason).isTrue();
    assertThat(outcome.bundleUri).isEqualTo(RELEASES + "/" + outcome.version);
    assertThat(store.objectFile("models", "releases/" + outcome.version + "/manifest.json"))
        .exists();
    ModelRelease release =
        TestKafka.readValues(
                topics.modelReleases().name(),
                AvroCodec.of(ModelRelease.class),
                1,
                Duration.ofSeconds(30))
            .get(0);
    assertThat(release.getArtifactUri()).isEqualTo(outcome.bundleUri);

    List<String> rejections = new CopyOnWriteArrayList<>();
    ModelSource models = new ModelSource(null, "cpu");
    ReleaseStaging staging = ReleaseStaging.forRoot(RELEASES, ModelBundle.DEFAULT_MAX_BYTES);
    try (ModelReleaseWatcher watcher =
        new ModelReleaseWatcher(
            TestKafka.bootstrapServers(),
            new Properties(),
            topics.modelReleases().name(),
            verifier(staging),
            staging,
            bundle -> models.frameEncoder(bundle, 1),
            new ModelReleaseWatcher.RejectionReporter() {
              @Override
              public void rejected(
                  ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String detail) {
                rejections.add(detail);
              }

              @Override
              public void failed(Throwable error) {
                rejections.add(error.toString());
              }
            })) {
      ModelReleaseWatcher.Accepted accepted = null;
      for (int i = 0; i < 600 && accepted == null; i++) {
        Thread.sleep(100);
        accepted = watcher.takeAccepted();
      }
      assertThat(rejections).isEmpty();
      assertThat(accepted).as("the release was accepted within 60 s").isNotNull();
      accepted.model().close();
      assertThat(accepted.bundleDir()).startsWith(outcome.bundleUri + "#sha256=");
      // the clip scorer, maybe on another TaskManager, reopens the release by that reference
      try (FrameEncodingClipModel model = models.withBundle(accepted.bundleDir()).frameEncoder()) {
        assertThat(model.version()).isEqualTo(outcome.version);
      }
    }

    ModelRelease outside =
        ModelRelease.newBuilder(release).setArtifactUri("s3://models/elsewhere/v1").build();
    assertThatThrownBy(() -> staging.verify(outside, verifier(staging)))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("not inside the releases root");

    Path manifest =
        store.objectFile("models", "releases/" + outcome.version + "/" + BundleManifest.FILE_NAME);
    Files.writeString(manifest, Files.readString(manifest) + " ");
    assertThatThrownBy(() -> staging.verify(release, verifier(staging)))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("is not the release's");
    assertThat(Files.list(Path.of(staging.verifierRoot())))
        .as("staged copies are removed")
        .isEmpty();
  }

  private static ReleaseVerifier verifier(ReleaseStaging staging) {
    return new ReleaseVerifier(
        staging.verifierRoot(),
        List.of(dir.resolve("keys/release.pub").toString()),
        ModelBundle.DEFAULT_MAX_BYTES);
  }

  private static RetrainOutcome retrain(Path topicsFile) throws Exception {
    Configuration conf =
        Configuration.fromMap(
            Map.ofEntries(
                Map.entry(KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers()),
                Map.entry(KafkaOptions.TOPICS_FILE.key(), topicsFile.toString()),
                Map.entry(TrainingSettings.DATA.key(), dir.resolve("data").toString()),
                Map.entry(TrainingSettings.FRAMES.key(), "4"),
                Map.entry(TrainingSettings.SIZE.key(), "32"),
                Map.entry(TrainingSettings.EPOCHS.key(), "1"),
                Map.entry(TrainingSettings.BATCH_SIZE.key(), "8"),
                Map.entry(TrainingSettings.HIDDEN.key(), "16"),
                Map.entry(TrainingSettings.OUTPUT.key(), dir.resolve("runs").toString()),
                Map.entry(TrainingSettings.RELEASES_DIR.key(), RELEASES),
                Map.entry(
                    TrainingSettings.RELEASE_SIGNING_KEY.key(),
                    dir.resolve("keys/release.key").toString()),
                Map.entry(TrainingSettings.MIN_UAR_GAIN.key(), "-1.0"), // any candidate passes
                Map.entry(TrainingSettings.MAX_WAR_DROP.key(), "1.0")));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    try (CloseableIterator<RetrainOutcome> result =
        RetrainJob.onKafka(conf).build(env).collectAsync()) {
      env.execute("retrain-to-s3");
      return result.next();
    }
  }
}
