package io.emostream.jobs.scoring;

import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseVerifier;
import io.emostream.model.image.RgbImage;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.Identifiers;
import io.emostream.schemas.event.ModelRelease;
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
 * it may serve: {@link ReleaseVerifier} (inside the releases root, signed by a trusted key, every
 * file's sha256, manifest sha256 and version), then it must be a per-frame encoding model built
 * from those verified bytes, and a warm-up forward pass must succeed. Loading and warm-up happen
 * here, off the task thread; the task picks the model up between micro-batches ({@link
 * #takeAccepted}). A release that fails any check is reported and the current model keeps serving;
 * a failure of the watcher itself (Kafka unreachable, an error while loading) is reported too, and
 * it keeps following the topic.
 */
final class ModelReleaseWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelReleaseWatcher.class);

  /** A release that became a loaded, warmed-up model. */
  record Accepted(FrameEncodingClipModel model, String bundleDir) {}

  /** Loads a verified release's model the way the job runs models (device, engine, threads). */
  interface ModelLoader {
    FrameEncodingClipModel load(ModelBundle bundle) throws Exception;
  }

  /** Where rejections go (the dead-letter topic), with the offending record. */
  interface RejectionReporter {
    void rejected(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String detail);

    /** The watcher itself failed (it goes on after a pause). */
    void failed(Throwable error);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final ModelLoader loader;
  private final ReleaseVerifier verifier;
  private final ReleaseStaging staging;
  private final RejectionReporter reporter;
  private final AtomicReference<Accepted> accepted = new AtomicReference<>();
  private final AvroCodec<ModelRelease> codec = AvroCodec.of(ModelRelease.class);
  private volatile boolean running = true;

  ModelReleaseWatcher(
      String bootstrapServers,
      Properties clientProps,
      String topic,
      ReleaseVerifier verifier,
      ReleaseStaging staging,
      ModelLoader loader,
      RejectionReporter reporter) {
    this.loader = loader;
    this.verifier = verifier;
    this.staging = staging;
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
        try {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            consider(record);
          }
        } catch (WakeupException e) {
          throw e;
        } catch (Exception | LinkageError | OutOfMemoryError e) {
          LOG.error("the model-release watcher failed; the current model keeps serving", e);
          reporter.failed(e);
          Thread.sleep(5_000);
        }
      }
    } catch (WakeupException | InterruptedException e) {
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
      ModelBundle bundle =
          staging == null ? verifier.verify(release) : staging.verify(release, verifier);
      model = loader.load(bundle);
      float[] warm =
          model.encodeFrames(List.of(new RgbImage(64, 64, new float[64 * 64 * 3]))).get(0);
      for (float v : warm) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("warm-up forward pass gave a non-finite value");
        }
      }
      Accepted previous =
          accepted.getAndSet(
              new Accepted(
                  model,
                  ModelSource.pinned(
                      staging == null
                          ? bundle.directory().orElseThrow().toString()
                          : release.getArtifactUri(),
                      bundle.manifestSha256())));
      if (previous != null) {
        previous.model().close(); // superseded before the task took it
      }
      LOG.info(
          "model release {} accepted ({}, signed by {})",
          Identifiers.printable(release.getVersion()),
          Identifiers.printable(release.getArtifactUri()),
          release.getSigningKeyId());
    } catch (Exception | LinkageError e) {
      if (model != null) {
        model.close();
      }
      LOG.warn(
          "model release {} rejected, the current model keeps serving: {}",
          Identifiers.printable(release.getVersion()),
          e.getMessage());
      reporter.rejected(
          record,
          DeadLetterReason.MODEL_REJECTED,
          "release "
              + Identifiers.printable(release.getVersion())
              + " ("
              + Identifiers.printable(release.getArtifactUri())
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
