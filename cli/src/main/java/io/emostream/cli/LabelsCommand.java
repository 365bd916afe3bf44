package io.emostream.cli;

import io.emostream.jobs.config.FlinkDefaults;
import io.emostream.jobs.labels.SoftLabelJob;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream labels}: the soft-label job. */
@Command(
    name = "labels",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the soft-label job against existing Kafka: clip samples (from the scoring job's"
          + " sampler) and annotators' votes (from 'emostream annotate' or 'annotations import'),"
          + " joined by clip id. A clip is labelled when it has labels.votes-per-clip human votes,"
          + " or when labels.vote-timeout passes with at least labels.min-votes; its soft label"
          + " (the vote fractions) goes to the labelled-clips topic and to Avro files under"
          + " labels.dataset-dir (a folder per day), which 'emostream retrain' reads.",
      "Duplicate, late, invalid and orphaned votes go to the dead-letter topic with their reason.",
      "Submitted with 'flink run', it runs on that Flink cluster; started directly, on a local MiniCluster."
    },
    footer = {
      "",
      "Example:  bin/emostream labels --bootstrap-servers kafka-1:9092 \\",
      "            -D labels.dataset-dir=/data/emostream/labelled-clips -D labels.min-votes=5"
    })
final class LabelsCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Mixin KafkaFlags kafkaFlags;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      descriptionKey = "labels.dataset-dir",
      description = "Where labelled clips are written (default ${DEFAULT-VALUE}).")
  String dataset;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    FlinkDefaults.apply(conf);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    SoftLabelJob.onKafka(conf).build(env);
    env.execute(SoftLabelJob.NAME);
    return 0;
  }
}
