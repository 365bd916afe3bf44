package io.emostream.jobs.scoring;

import ai.djl.Device;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.image.RgbImage;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.ModelRelease;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the model-releases topic (a permanent log: on start it is read from the beginning, so a
 * restarted job serves the latest valid release) on its own thread. Each release is checked before
 * it may serve: the bundle opens (every file's sha256), its manifest's sha256 and version match the
 * release, it is a per-frame encoding model, and a warm-up forward pass succeeds. Loading and
 * warm-up happen here, off the task thread; the task picks the model up between micro-batches
 * ({@link #takeAccepted}). A release that fails any check is reported and the current model keeps
 * serving.
 */
final class ModelReleaseWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelReleaseWatcher.class);

  /** A release that became a loaded, warmed-up model. */
  record Accepted(FrameEncodingClipModel model, String bundleDir) {}

  /** Where rejections go (the dead-letter topic), with the offending record. */
  interface RejectionReporter {
    void rejected(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String detail);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final String device;
  private final RejectionReporter reporter;
  private final AtomicReference<Accepted> accepted = new AtomicReference<>();
  private final AvroCodec<ModelRelease> codec = AvroCodec.of(ModelRelease.class);
  private volatile boolean running = true;

  ModelReleaseWatcher(
      String bootstrapServers,
      Properties clientProps,
      String topic,
      String device,
      RejectionReporter reporter) {
    this.device = device;
    this.reporter = reporter;
    Properties props = new Properties();
    props.putAll(clientProps);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "model-release-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** The newest accepted model not yet taken, or null. The caller owns (and closes) it. */
  Accepted takeAccepted() {
    return accepted.getAndSet(null);
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          consider(record);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void consider(ConsumerRecord<byte[], byte[]> record) {
    ModelRelease release;
    try {
      release = codec.decode(record.value());
    } catch (RecordDecodeException e) {
      reporter.rejected(record, e.reason(), e.getMessage());
      return;
    }
    FrameEncodingClipModel model = null;
    try {
      URI uri = URI.create(release.getArtifactUri());
      Path dir = uri.getScheme() == null ? Path.of(release.getArtifactUri()) : Path.of(uri);
      ModelBundle bundle = ModelBundle.open(dir);
      if (!bundle.manifestSha256().equals(release.getSha256())) {
        throw new IllegalArgumentException(
            "bundle manifest sha256 "
                + bundle.manifestSha256()
                + " is not the release's "
                + release.getSha256());
      }
      if (!bundle.manifest().version().equals(release.getVersion())) {
        throw new IllegalArgumentException(
            "bundle version "
                + bundle.manifest().version()
                + " is not the release's "
                + release.getVersion());
      }
      Device d = DjlEngine.device(device);
      model = ClipModels.loadFrameEncoding(bundle, d);
      float[] warm =
          model.encodeFrames(List.of(new RgbImage(64, 64, new float[64 * 64 * 3]))).get(0);
      for (float v : warm) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("warm-up forward pass gave a non-finite value");
        }
      }
      Accepted previous = accepted.getAndSet(new Accepted(model, dir.toString()));
      if (previous != null) {
        previous.model().close(); // superseded before the task took it
      }
      LOG.info("model release {} accepted ({})", release.getVersion(), release.getArtifactUri());
    } catch (Exception e) {
      if (model != null) {
        model.close();
      }
      LOG.warn(
          "model release {} rejected, the current model keeps serving: {}",
          release.getVersion(),
          e.getMessage());
      reporter.rejected(
          record,
          DeadLetterReason.MODEL_REJECTED,
          "release "
              + release.getVersion()
              + " ("
              + release.getArtifactUri()
              + "): "
              + e.getMessage());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
    Accepted left = accepted.getAndSet(null);
    if (left != null) {
      left.model().close();
    }
  }
}
