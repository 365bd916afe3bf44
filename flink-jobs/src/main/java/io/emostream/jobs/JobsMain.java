package io.emostream.jobs;

import io.emostream.jobs.analytics.AnalyticsJob;
import io.emostream.jobs.config.AnalyticsOptions;
import io.emostream.jobs.config.FlinkDefaults;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.config.SamplingOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.labels.SoftLabelJob;
import io.emostream.jobs.scoring.ScoringJob;
import io.emostream.jobs.training.RetrainJob;
import io.emostream.schemas.config.ConfigLayers;
import io.emostream.schemas.config.SecretReferences;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job jar's entry point, for {@code flink run} and the Flink Kubernetes Operator:
 *
 * <pre>
 * flink run emostream-jobs.jar JOB [--config FILE] [-D key=value]...
 * JOB: scoring | analytics | labels | retrain
 * </pre>
 *
 * Settings come from the file ({@code $EMOSTREAM_CONFIG} if none is given), {@code EMOSTREAM_*}
 * environment variables and {@code -D}, as for {@code bin/emostream}. It returns when the job is
 * submitted (detached) or finished and never calls {@code System.exit}: in application mode the
 * JobManager runs this method and must outlive it.
 */
public final class JobsMain {
  private static final List<String> OWN_PREFIXES =
      List.of("kafka.", "scoring.", "sampling.", "analytics.", "labels.", "training.", "retrain.");

  private JobsMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help")) {
      System.out.println(
          "usage: flink run emostream-jobs.jar scoring|analytics|labels|retrain"
              + " [--config FILE] [-D key=value]...");
      return;
    }
    Configuration conf = configuration(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    switch (args[0]) {
      case "scoring" -> {
        ScoringJob.onKafka(conf).build(env);
        env.execute(ScoringJob.NAME);
      }
      case "analytics" -> {
        AnalyticsJob.onKafka(conf, false).build(env);
        env.execute(AnalyticsJob.NAME);
      }
      case "labels" -> {
        SoftLabelJob.onKafka(conf).build(env);
        env.execute(SoftLabelJob.NAME);
      }
      case "retrain" -> {
        RetrainJob.onKafka(conf).build(env);
        env.execute(RetrainJob.NAME);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown job '" + args[0] + "': scoring, analytics, labels or retrain");
    }
  }

  /** The layered settings of {@code args} (after the job name). */
  static Configuration configuration(String[] args) {
    Path file = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (a.equals("-D") && i + 1 < args.length) {
        String kv = args[++i];
        int eq = kv.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("-D wants key=value, got " + kv);
        }
        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
      } else {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
    }
    List<String> keys =
        Stream.of(
                KafkaOptions.all(),
                ScoringOptions.all(),
                SamplingOptions.all(),
                AnalyticsOptions.all(),
                LabelOptions.all(),
                TrainingSettings.all())
            .flatMap(List::stream)
            .map(ConfigOption::key)
            .toList();
    Map<String, String> env = System.getenv();
    Configuration conf =
        Configuration.fromMap(
            SecretReferences.resolve(
                new ConfigLayers(keys, OWN_PREFIXES, List.of(KafkaOptions.CLIENT_PROPERTIES_PREFIX))
                    .merge(file, env, overrides),
                env));
    // Exactly-once sinks commit on checkpoints: a job-level interval unless the settings give one.
    FlinkDefaults.setIfAbsent(conf, "execution.checkpointing.interval", "5s");
    return conf;
  }
}
