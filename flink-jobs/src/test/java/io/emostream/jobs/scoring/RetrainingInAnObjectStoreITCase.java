package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.fs.FileSystemCopies;
import io.emostream.jobs.labels.SoftLabelJob;
import io.emostream.jobs.training.RetrainJob;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseVerifier;
import io.emostream.model.report.ReportWriter;
import io.emostream.model.retrain.RetrainOutcome;
import io.emostream.model.sample.SampleFrames;
import io.emostream.s3.local.LocalS3;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ClipProvenance;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.LabelSource;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.event.StreamConsent;
import io.emostream.schemas.topic.KafkaTopics;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
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
 * Training data and model releases through an object store (S3Proxy as a separate process, Flink's
 * s3 file system): the retraining job on a MiniCluster trains on LabelledClip files under
 * s3://datasets/labelled, written there by the soft-label job's FileSink (next to an in-progress
 * file of another day that it must skip), writes its released bundle to s3://models/releases and
 * announces it there; the scoring job's release watcher copies, checks and loads it, and the clip
 * scorer reopens it by its pinned s3:// reference. Bundles outside the releases root, or changed in
 * the store, are refused.
 */
class RetrainingInAnObjectStoreITCase {
  private static final String RELEASES = "s3://models/releases";
  private static final String DATASET = "s3://datasets/labelled";

  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  @TempDir static Path dir;
  static LocalS3 store;

  @BeforeAll
  static void start() throws Exception {
    store = LocalS3.start(dir.resolve("s3"));
    store.createBucket("models");
    store.createBucket("datasets");
    // The MiniCluster's tasks share this JVM's file systems: point s3:// at the store.
    FileSystem.initialize(Configuration.fromMap(store.flinkSettings()), null);
    Path local = Files.createDirectories(dir.resolve("labelled/2026-11-30"));
    Files.writeString(local.resolve(".labelled-1.avro.inprogress.0"), "not Avro: being written");
    FileSystemCopies.upload(dir.resolve("labelled"), URI.create(DATASET));
  }

  /**
   * The dataset as the soft-label job writes it: its FileSink, a folder per day, into the store.
   */
  private static void writeLabelledClipsWithTheSoftLabelJobsSink() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(1);
    env.fromData(labelledClips(24), new AvroTypeInfo<>(LabelledClip.class))
        .sinkTo(SoftLabelJob.datasetSink(DATASET));
    env.execute("labelled clips to s3");
  }

  /** Clips of 4 real JPEG face crops each, soft labels from 10 made-up votes. */
  private static List<LabelledClip> labelledClips(int count) {
    Random random = new Random(7);
    List<LabelledClip> clips = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<ByteBuffer> crops =
          SampleFrames.jpegLoop(4, i, 0.85f).stream().map(ByteBuffer::wrap).toList();
      float[] votes = new float[7];
      for (int v = 0; v < 10; v++) {
        votes[random.nextInt(3)] += 0.1f;
      }
      ClipSample sample =
          ClipSample.newBuilder()
              .setClipId("cam-1/track-" + i + "/0")
              .setCropSize(512)
              .setFrames(crops)
              .setModelScores(Distributions.of(new float[] {1, 0, 0, 0, 0, 0, 0}))
              .setModelVersion("face-api-1.7.15-frame-average")
              .setProvenance(
                  ClipProvenance.newBuilder()
                      .setCameraId("cam-1")
                      .setTrackId("track-" + i)
                      .setWindowStart(Instant.EPOCH)
                      .setWindowEnd(Instant.EPOCH)
                      .setConsent(
                          new StreamConsent(ConsentScope.ANALYTICS_AND_TRAINING, "retraining"))
                      .setSamplingReason("test")
                      .build())
              .build();
      clips.add(
          LabelledClip.newBuilder()
              .setClip(sample)
              .setSoftLabel(Distributions.of(votes))
              .setLabelSource(LabelSource.ANNOTATORS)
              .setVoteCount(10)
              .build());
    }
    return clips;
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

    writeLabelledClipsWithTheSoftLabelJobsSink();
    RetrainOutcome outcome = retrain(topicsFile);

    assertThat(outcome.released).as(outcome.reason).isTrue();
    String report = Files.readString(Path.of(outcome.reportDir, ReportWriter.REPORT));
    assertThat(count(report, "train_clips") + count(report, "held_out_clips"))
        .as("every clip of the store's dataset, none of its in-progress file")
        .isEqualTo(24);
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
    assertThat(Files.list(Path.of(staging.localRoot()))).as("staged copies are removed").isEmpty();
  }

  private static int count(String reportJson, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(reportJson);
    assertThat(m.find()).as(field + " in the report").isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static ReleaseVerifier verifier(ReleaseStaging staging) {
    return new ReleaseVerifier(
        staging.localRoot(),
        List.of(dir.resolve("keys/release.pub").toString()),
        ModelBundle.DEFAULT_MAX_BYTES);
  }

  private static RetrainOutcome retrain(Path topicsFile) throws Exception {
    Configuration conf =
        Configuration.fromMap(
            Map.ofEntries(
                Map.entry(KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers()),
                Map.entry(KafkaOptions.TOPICS_FILE.key(), topicsFile.toString()),
                Map.entry(TrainingSettings.DATA.key(), DATASET),
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
