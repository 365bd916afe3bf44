package io.emostream.jobs.scoring;

import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The model an operator serves, and its replacement by newly released ones between batches. A
 * {@link ModelReleaseWatcher} loads and checks releases off the task thread; the task thread calls
 * {@link #swapIfReleased} (and {@link #takeRejections}) between batches, so a batch is encoded by
 * one model from start to end. Rejected releases become dead letters that the operator emits on the
 * job's dead-letter path; with {@code reportsRejections} false (every subtask but one) they are
 * only counted, so each rejection is reported once.
 *
 * <p>Metrics: {@code model_swaps}, {@code model_releases_rejected}, {@code
 * model_release_watcher_failures} (the watcher itself failed and retries), and {@code
 * model_in_use{model_version=V}} (1 for the serving model, 0 for the ones it replaced).
 *
 * <p>Threads: the constructor, {@link #current}, {@link #swapIfReleased}, {@link #takeRejections}
 * and {@link #close} run on the task thread; the watcher's callback queues rejections from its own
 * thread.
 */
final class ModelHotSwap implements AutoCloseable {
  private final MetricGroup metrics;
  private final Counter swaps;
  private final Map<String, AtomicInteger> inUse = new HashMap<>();
  private final Queue<DeadLetter> rejections = new ConcurrentLinkedQueue<>();
  private final ModelReleaseWatcher watcher;
  private FrameEncodingClipModel current;
  private String currentBundle;

  /**
   * @param releases the model-releases feed, or null to serve {@code initial} for good
   * @param loader loads released models as the job runs its models
   */
  ModelHotSwap(
      FrameEncodingClipModel initial,
      String initialBundle,
      ReleaseFeed releases,
      ModelReleaseWatcher.ModelLoader loader,
      boolean reportsRejections,
      MetricGroup metrics) {
    this.metrics = metrics;
    this.current = initial;
    this.currentBundle = initialBundle;
    this.swaps = metrics.counter("model_swaps");
    Counter rejected = metrics.counter("model_releases_rejected");
    Counter watcherFailures = metrics.counter("model_release_watcher_failures");
    markInUse(initial.version());
    this.watcher =
        releases == null
            ? null
            : new ModelReleaseWatcher(
                releases.bootstrapServers(),
                releases.clientProperties(),
                releases.releasesTopic(),
                releases.verifier(),
                releases.staging(),
                loader,
                new ModelReleaseWatcher.RejectionReporter() {
                  @Override
                  public void rejected(
                      ConsumerRecord<byte[], byte[]> record,
                      DeadLetterReason reason,
                      String detail) {
                    rejected.inc();
                    if (reportsRejections) {
                      KafkaRecordBytes source =
                          new KafkaRecordBytes(
                              record.topic(),
                              record.partition(),
                              record.offset(),
                              record.timestamp(),
                              record.key(),
                              record.value());
                      rejections.add(
                          DeadLetters.of(source, reason, detail, "scoring/model-releases"));
                    }
                  }

                  @Override
                  public void failed(Throwable error) {
                    watcherFailures.inc();
                  }
                });
  }

  /** The model that encodes the next batch. */
  FrameEncodingClipModel current() {
    return current;
  }

  /** The bundle directory of {@link #current} (null for the built-in bundle). */
  String currentBundle() {
    return currentBundle;
  }

  /** Serves the newest accepted release, if one arrived since the last call. */
  void swapIfReleased() {
    ModelReleaseWatcher.Accepted next = watcher == null ? null : watcher.takeAccepted();
    if (next != null) {
      FrameEncodingClipModel old = current;
      current = next.model();
      currentBundle = next.bundleDir();
      inUse.get(old.version()).set(0);
      markInUse(current.version());
      old.close();
      swaps.inc();
    }
  }

  /** Dead letters of the releases rejected since the last call. */
  List<DeadLetter> takeRejections() {
    List<DeadLetter> out = new ArrayList<>();
    for (DeadLetter d = rejections.poll(); d != null; d = rejections.poll()) {
      out.add(d);
    }
    return out;
  }

  private void markInUse(String version) {
    inUse
        .computeIfAbsent(
            version,
            v -> {
              AtomicInteger value = new AtomicInteger();
              metrics
                  .addGroup("model_version", v)
                  .gauge("model_in_use", (Gauge<Integer>) value::get);
              return value;
            })
        .set(1);
  }

  @Override
  public void close() throws Exception {
    try {
      if (watcher != null) {
        watcher.close();
      }
    } finally {
      current.close();
    }
  }
}
