package io.emostream.jobs.training;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.io.AvroRecordSerializationSchema;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.model.data.Clip;
import io.emostream.model.progress.ConsoleProgressBar;
import io.emostream.schemas.event.ModelRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
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
 * The trainer runs in one task (it uses every device {@code training.devices} names). The same job
 * runs on the MiniCluster and, submitted with {@code flink run}, on a cluster: then
 * {@code training.data}, {@code training.output} and {@code retrain.releases-dir} must be storage
 * every TaskManager (and the scoring job) can read.
 */
public final class RetrainJob {
  public static final String NAME = "emostream-retrain";
  private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

  private RetrainJob() {}

  /** Adds the job to {@code env} and returns its outcome stream (one element). */
  public static DataStream<RetrainOutcome> build(StreamExecutionEnvironment env, Configuration conf) throws Exception {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    List<TrainingInput> inputs = TrainingInputs.list(conf);
    Map<String, String> settings = conf.toMap();
    DataStream<RetrainOutcome> outcomes = env.fromData(inputs).name("clips").rebalance()
        .flatMap(new DecodeClips(settings)).name("decode clips")
        .global()
        .fullWindowPartition()
        .mapPartition(new TrainAndGate(settings)).name("train, evaluate, gate").setParallelism(1);
    if (conf.get(TrainingSettings.PUBLISH)) {
      Configuration sinkConf = new Configuration(conf);
      // One announcement at the end of a bounded job: at-least-once; a repeated release of one version is ignored by the scoring job.
      sinkConf.set(KafkaOptions.DELIVERY, KafkaOptions.Delivery.AT_LEAST_ONCE);
      KafkaIo kafka = new KafkaIo(sinkConf);
      outcomes.filter(o -> o.released).name("released only")
          .map(RetrainOutcome::toRelease).name("to ModelRelease")
          .sinkTo(kafka.sink(kafka.topics().modelReleases(), ModelRelease.class, r -> AvroRecordSerializationSchema.utf8(r.getVersion())))
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
      TrainingInputs.decode(in, conf, c -> {
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
    public void mapPartition(Iterable<SplitClip> clips, Collector<RetrainOutcome> out) throws Exception {
      List<Clip> train = new ArrayList<>();
      List<Clip> heldOut = new ArrayList<>();
      for (SplitClip c : clips) {
        (c.heldOut ? heldOut : train).add(c.clip);
      }
      // Decoding order is not deterministic across parallel tasks; training order must be.
      train.sort(java.util.Comparator.comparing(Clip::id));
      heldOut.sort(java.util.Comparator.comparing(Clip::id));
      Configuration conf = Configuration.fromMap(settings);
      RetrainOutcome outcome = Retraining.run(conf, TrainingInputs.split(conf, train, heldOut), new ConsoleProgressBar(System.err, false), LOG::info);
      getRuntimeContext().getMetricGroup().counter(outcome.released ? "retrain_released" : "retrain_rejected").inc();
      out.collect(outcome);
    }
  }
}
