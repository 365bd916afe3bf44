package io.emostream.cli;

import io.emostream.jobs.config.FlinkDefaults;
import io.emostream.jobs.scoring.ScoringJob;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code emostream score}: the scoring job against existing Kafka, on a Flink cluster or locally.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the streaming scoring job against existing Kafka.",
      "The topics must exist ('emostream topics create').",
      "Submitted with 'flink run', it runs on that Flink cluster; started directly, on a local MiniCluster."
    },
    footer = {
      "",
      "Example:  bin/emostream score --bootstrap-servers kafka-1:9092 -D parallelism.default=4",
      "          flink run -c io.emostream.cli.EmoStreamCli emostream.jar score --config /etc/emostream.yaml"
    })
final class ScoreCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Mixin KafkaFlags kafkaFlags;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    FlinkDefaults.apply(conf);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    ScoringJob.onKafka(conf).build(env);
    env.execute(ScoringJob.NAME);
    return 0;
  }
}
