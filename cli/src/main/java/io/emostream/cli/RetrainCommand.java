package io.emostream.cli;

import io.emostream.jobs.config.FlinkDefaults;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.training.RetrainJob;
import io.emostream.loop.ContinuousRetraining;
import io.emostream.model.retrain.RetrainOutcome;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream retrain}: the Flink batch retraining job. */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description =
        "Runs the retraining job in Flink's BATCH mode: decodes clips in parallel, trains the temporal clip model (SOFT labels by default; MIDAS with --mode MIDAS), evaluates candidate and incumbent on held-out clips, and releases the candidate only if it passes the gate: the bundle goes to retrain.releases-dir and a ModelRelease to the model-releases topic, which the scoring job hot-swaps to. Submitted with 'flink run', it runs on that cluster; started directly, on a MiniCluster.",
    footer = {
      "",
      "Example:  bin/emostream retrain --data var/synth --frames 8 --size 64 --epochs 6 --bootstrap-servers localhost:9092",
      "          flink run -c io.emostream.cli.EmoStreamCli emostream.jar retrain --config /etc/emostream.yaml",
      "          bin/emostream retrain --watch -D retrain.every-clips=500 -D retrain.base-data=/data/dfew"
    })
final class RetrainCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;
  @Mixin TrainingFlags flags;
  @Spec CommandSpec spec;

  @Mixin KafkaFlags kafkaFlags;

  @Option(
      names = "--watch",
      description =
          "Continuous retraining: watch the labelled-clip dataset (labels.dataset-dir) and retrain on it (plus retrain.base-data) every retrain.every-clips new clips or retrain.every, each release becoming the next run's incumbent; until Ctrl-C.")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    FlinkDefaults.apply(conf);
    if (watch) {
      try (ContinuousRetraining loop =
          new ContinuousRetraining(conf, System.out::println, Clock.systemUTC()).start()) {
        System.out.println(
            "watching "
                + conf.get(LabelOptions.DATASET_DIR)
                + ": retraining every "
                + conf.get(TrainingSettings.EVERY_CLIPS)
                + " new labelled clips"
                + conf.getOptional(TrainingSettings.EVERY).map(d -> " or every " + d).orElse("")
                + " (Ctrl-C stops)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
      return 0;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    DataStream<RetrainOutcome> outcomes = RetrainJob.onKafka(conf).build(env);
    // Runs the whole job (the Kafka sink too) and streams the outcome back while the cluster is
    // still up.
    try (CloseableIterator<RetrainOutcome> result = outcomes.executeAndCollect(RetrainJob.NAME)) {
      while (result.hasNext()) {
        System.out.println(result.next());
      }
    }
    return 0;
  }
}
