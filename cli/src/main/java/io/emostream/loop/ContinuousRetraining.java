package io.emostream.loop;

import io.emostream.jobs.config.FlinkDefaults;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.training.RetrainJob;
import io.emostream.model.data.DatasetException;
import io.emostream.model.data.LabelledClipErasure;
import io.emostream.model.data.LabelledClipFiles;
import io.emostream.model.retrain.RetrainOutcome;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The retraining trigger of the collection loop: counts the labelled clips the soft-label job has
 * committed under {@code labels.dataset-dir} and runs the retraining job on them (plus {@code
 * retrain.base-data}) when {@code retrain.every-clips} were added since the last run, or when
 * {@code retrain.every} has passed and any were. The gate compares the candidate with the incumbent
 * (at first {@code retrain.incumbent}, the built-in model if unset; then the last release); a
 * release is announced on the model-releases topic, from which the scoring job hot-swaps.
 */
public final class ContinuousRetraining implements AutoCloseable {
  private final Configuration conf;
  private final Path dataset;
  private final Consumer<String> log;
  private final Clock clock;
  private final List<RetrainOutcome> outcomes = new ArrayList<>();
  private long trainedAt; // clips in the dataset at the last run
  private Instant lastRun;
  private String incumbent;
  private Thread thread;
  private volatile boolean running;

  public ContinuousRetraining(Configuration conf, Consumer<String> log, Clock clock) {
    this.conf = conf;
    this.dataset = Path.of(conf.get(LabelOptions.DATASET_DIR));
    this.log = log;
    this.clock = clock;
    this.incumbent = conf.getOptional(TrainingSettings.INCUMBENT).orElse(null);
    this.lastRun = clock.instant();
  }

  /** Checks the dataset every {@code retrain.poll-interval} on a thread of its own. */
  public ContinuousRetraining start() {
    running = true;
    thread = new Thread(this::loop, "continuous-retraining");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void loop() {
    Duration poll = conf.get(TrainingSettings.POLL_INTERVAL);
    while (running) {
      try {
        checkOnce();
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.accept("retraining failed: " + e + "; next check in " + poll.toSeconds() + " s");
        try {
          Thread.sleep(poll.toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Runs the retraining job if the dataset calls for it; its outcome if it ran. */
  public synchronized Optional<RetrainOutcome> checkOnce() throws Exception {
    for (Path day :
        LabelledClipErasure.expire(
            dataset,
            LabelledClipErasure.today(),
            (int) conf.get(LabelOptions.DATASET_RETENTION).toDays())) {
      log.accept("retention: deleted " + day + " (older than labels.dataset-retention)");
    }
    long clips = LabelledClipFiles.count(dataset);
    if (clips < trainedAt) {
      trainedAt = clips; // clips were erased: count new ones from here
    }
    long added = clips - trainedAt;
    boolean due =
        added >= conf.get(TrainingSettings.EVERY_CLIPS)
            || (added > 0
                && conf.getOptional(TrainingSettings.EVERY)
                    .map(every -> !clock.instant().isBefore(lastRun.plus(every)))
                    .orElse(false));
    if (!due || clips < conf.get(TrainingSettings.MIN_CLIPS)) {
      return Optional.empty();
    }
    log.accept("retraining on " + clips + " labelled clips (" + added + " new)");
    RetrainOutcome outcome = retrain();
    trainedAt = clips;
    lastRun = clock.instant();
    outcomes.add(outcome);
    if (outcome.released) {
      incumbent = Path.of(URI.create(outcome.bundleUri)).toString();
    }
    log.accept(outcome.toString());
    return Optional.of(outcome);
  }

  private RetrainOutcome retrain() throws Exception {
    Configuration run = new Configuration(conf);
    // Its own local cluster beside any other in this JVM (the demo's): no fixed REST or
    // Prometheus port (0 = any free one).
    run.removeConfig(RestOptions.PORT);
    run.setString(FlinkDefaults.PROMETHEUS_REPORTER + "port", "0");
    run.set(TrainingSettings.DATA, dataset.toString());
    run.set(TrainingSettings.FORMAT, TrainingSettings.DataFormat.LABELLED_CLIPS);
    if (incumbent != null) {
      run.set(TrainingSettings.INCUMBENT, incumbent);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(run);
    try (CloseableIterator<RetrainOutcome> result =
        RetrainJob.onKafka(run).build(env).executeAndCollect(RetrainJob.NAME)) {
      if (!result.hasNext()) {
        throw new DatasetException("the retraining job ended without an outcome");
      }
      return result.next();
    }
  }

  public synchronized List<RetrainOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(10_000);
    }
  }
}
