package io.emostream.jobs.training;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.io.AvroRecordSerializationSchema;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.model.data.Clip;
import io.emostream.model.data.DatasetException;
import io.emostream.model.retrain.RetrainOutcome;
import io.emostream.model.retrain.Retraining;
import io.emostream.model.retrain.RetrainingOptions;
import io.emostream.schemas.event.ModelRelease;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retraining job, in Flink's BATCH execution mode on a bounded input:
 *
 * <pre>
 * clips listed (client) → decode + resample + resize (parallel) → train → evaluate candidate and
 *   incumbent on held-out clips → gate (parallelism 1) → released? → ModelRelease → model-releases topic
 * </pre>
 *
 * <p>It takes its inputs and release sink in the constructor, so tests run it on any clips and
 * {@link #onKafka} wires production I/O. The trainer runs in one task (it uses every device {@code
 * training.devices} names) and reports progress as log lines and metrics ({@code training_epochs},
 * {@code training_loss}), not a console bar. The same job runs on the MiniCluster and, submitted
 * with {@code flink run}, on a cluster: then {@code training.data}, {@code training.output} and
 * {@code retrain.releases-dir} must be storage every TaskManager (and the scoring job) can read.
 *
 * <pre>{@code
 * DataStream<RetrainOutcome> outcomes = RetrainJob.onKafka(conf).build(env);
 * }</pre>
 */
public final class RetrainJob {
  public static final String NAME = "emostream-retrain";
  private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

  private final Configuration conf;
  private final List<TrainingInput> inputs;
  private final Sink<ModelRelease> releases;

  /**
   * @param releases where released models are announced, or null to announce nothing
   */
  public RetrainJob(Configuration conf, List<TrainingInput> inputs, Sink<ModelRelease> releases) {
    this.conf = conf;
    this.inputs = List.copyOf(inputs);
    this.releases = releases;
  }

  /**
   * The job on the clips {@code training.data} names, announcing releases on the model-releases
   * topic if {@code retrain.publish}.
   */
  public static RetrainJob onKafka(Configuration conf) throws DatasetException {
    Sink<ModelRelease> sink = null;
    if (conf.get(TrainingSettings.PUBLISH)) {
      Configuration sinkConf = new Configuration(conf);
      // One announcement at the end of a bounded job: at-least-once; a repeated release of one
      // version is ignored by the scoring job.
      sinkConf.set(KafkaOptions.DELIVERY, KafkaOptions.Delivery.AT_LEAST_ONCE);
      KafkaIo kafka = new KafkaIo(sinkConf);
      sink =
          kafka.sink(
              kafka.topics().modelReleases(),
              ModelRelease.class,
              r -> AvroRecordSerializationSchema.utf8(r.getVersion()));
    }
    return new RetrainJob(conf, TrainingInputs.list(conf), sink);
  }

  /** Adds the job to {@code env} and returns its outcome stream (one element). */
  public DataStream<RetrainOutcome> build(StreamExecutionEnvironment env) {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    Map<String, String> settings = conf.toMap();
    DataStream<RetrainOutcome> outcomes =
        env.fromData(inputs)
            .name("clips")
            .rebalance()
            .flatMap(new DecodeClips(settings))
            .name("decode clips")
            .global()
            .fullWindowPartition()
            .mapPartition(new TrainAndGate(settings))
            .name("train, evaluate, gate")
            .setParallelism(1);
    if (releases != null) {
      String signingKey = conf.get(TrainingSettings.RELEASE_SIGNING_KEY);
      outcomes
          .filter(o -> o.released)
          .name("released only")
          .map(o -> ReleasePublishing.announcement(o, Path.of(signingKey)))
          .returns(ModelRelease.class)
          .name("to ModelRelease")
          .sinkTo(releases)
          .name("model-releases");
    }
    return outcomes;
  }

  static final class DecodeClips extends RichFlatMapFunction<TrainingInput, SplitClip> {
    private final Map<String, String> settings;
    private transient Configuration conf;
    private transient Counter decoded;

    DecodeClips(Map<String, String> settings) {
      this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
      conf = Configuration.fromMap(settings);
      decoded = getRuntimeContext().getMetricGroup().counter("training_clips_decoded");
    }

    @Override
    public void flatMap(TrainingInput in, Collector<SplitClip> out) throws Exception {
      TrainingInputs.decode(
          in,
          conf,
          c -> {
            decoded.inc();
            out.collect(c);
          });
    }
  }

  static final class TrainAndGate extends RichMapPartitionFunction<SplitClip, RetrainOutcome> {
    private final Map<String, String> settings;

    TrainAndGate(Map<String, String> settings) {
      this.settings = settings;
    }

    @Override
    public void mapPartition(Iterable<SplitClip> clips, Collector<RetrainOutcome> out)
        throws Exception {
      List<Clip> train = new ArrayList<>();
      List<Clip> heldOut = new ArrayList<>();
      for (SplitClip c : clips) {
        (c.heldOut ? heldOut : train).add(c.clip);
      }
      // Decoding order is not deterministic across parallel tasks; training order must be.
      train.sort(Comparator.comparing(Clip::id));
      heldOut.sort(Comparator.comparing(Clip::id));
      Configuration conf = Configuration.fromMap(settings);
      RetrainingOptions options = TrainingSettings.retrainingOptions(conf);
      MetricGroup metrics = getRuntimeContext().getMetricGroup();
      Counter epochs = metrics.counter("training_epochs");
      AtomicReference<Double> loss = new AtomicReference<>(Double.NaN);
      metrics.gauge("training_loss", (Gauge<Double>) loss::get);
      // No console bar inside a task: progress is the per-epoch log line and these metrics.
      RetrainOutcome outcome =
          Retraining.run(
              options,
              TrainingInputs.split(conf, train, heldOut),
              null,
              LOG::info,
              s -> {
                epochs.inc();
                loss.set(s.trainLoss());
              });
      metrics.counter(outcome.released ? "retrain_released" : "retrain_rejected").inc();
      out.collect(ReleasePublishing.publish(outcome, conf));
    }
  }
}
