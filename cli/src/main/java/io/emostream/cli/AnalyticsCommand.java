package io.emostream.cli;

import io.emostream.jobs.analytics.AnalyticsJob;
import io.emostream.jobs.config.FlinkDefaults;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code emostream analytics}: aggregates and alerts from the emotion-scores topic. */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the streaming analytics job against existing Kafka: emotion scores -> per-camera"
          + " aggregates (analytics.camera-window), per-session aggregates (session windows closed"
          + " after analytics.session-gap) on the emotion-aggregates topic, and alerts from"
          + " analytics.alert-rules on the emotion-alerts topic.",
      "Submitted with 'flink run', it runs on that Flink cluster; started directly, on a local MiniCluster."
    },
    footer = {
      "",
      "Example:  bin/emostream analytics --bootstrap-servers kafka-1:9092 \\",
      "            -D 'analytics.alert-rules=anger: ANGRY >= 0.4 for 20s CRITICAL'"
    })
final class AnalyticsCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Mixin KafkaFlags kafkaFlags;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    FlinkDefaults.apply(conf);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    AnalyticsJob.onKafka(conf, false).build(env);
    env.execute(AnalyticsJob.NAME);
    return 0;
  }
}
