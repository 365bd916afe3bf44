package io.emostream.cli;

import io.emostream.annotate.AnnotateOptions;
import io.emostream.dashboard.DashboardOptions;
import io.emostream.demo.DemoOptions;
import io.emostream.ingest.IngestOptions;
import io.emostream.ingest.KafkaTarget;
import io.emostream.jobs.config.AnalyticsOptions;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.config.SamplingOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.schemas.config.ConfigLayers;
import io.emostream.schemas.config.SecretReferences;
import io.emostream.schemas.config.Setting;
import io.emostream.schemas.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Every setting the CLI knows: the Flink jobs' {@link ConfigOption}s and the edge publisher's
 * {@link Setting}s, loaded through {@link ConfigLayers} (defaults, file, {@code EMOSTREAM_*}
 * environment, flags) into one Flink {@link Configuration}; any Flink key ({@code
 * parallelism.default}, ...) passes through to the jobs.
 */
public final class EmoStreamConfig {
  public static final String CONFIG_FILE_ENV = ConfigLayers.CONFIG_FILE_ENV;

  private static final List<String> OWN_PREFIXES =
      List.of(
          "kafka.",
          "scoring.",
          "analytics.",
          "sampling.",
          "labels.",
          "annotate.",
          "dashboard.",
          "demo.",
          "training.",
          "retrain.",
          "ingest.",
          "metrics.port");

  /** One declared setting as the CLI shows it. */
  public record Declared(
      String key, String defaultText, String description, Consumer<Configuration> check) {
    public boolean hasDefault() {
      return defaultText != null;
    }
  }

  private EmoStreamConfig() {}

  /** The Flink jobs' options. */
  public static List<ConfigOption<?>> jobOptions() {
    return Stream.of(
            KafkaOptions.all(),
            ScoringOptions.all(),
            SamplingOptions.all(),
            AnalyticsOptions.all(),
            LabelOptions.all(),
            AnnotateOptions.all(),
            DashboardOptions.all(),
            DemoOptions.all(),
            TrainingSettings.all())
        .flatMap(List::stream)
        .toList();
  }

  /** Every setting, jobs' and ingest's, in the order {@code emostream config} lists them. */
  public static List<Declared> declared() {
    List<Declared> all = new ArrayList<>();
    for (ConfigOption<?> o : jobOptions()) {
      all.add(
          new Declared(
              o.key(),
              o.hasDefaultValue() ? format(o.defaultValue()) : null,
              o.description().getBlocks().isEmpty()
                  ? ""
                  : new HtmlFormatter().format(o.description()),
              conf -> conf.get(o)));
    }
    for (Setting<?> s : IngestOptions.all()) {
      all.add(
          new Declared(
              s.key(),
              s.hasDefaultValue() ? format(s.defaultValue()) : null,
              s.description(),
              conf -> Settings.of(conf.toMap()).get(s)));
    }
    return all;
  }

  /** The environment variable that sets an option. */
  public static String envName(String key) {
    return ConfigLayers.envName(key);
  }

  /**
   * @param file the config file, or null to use $EMOSTREAM_CONFIG if set
   * @param env the process environment
   * @param overrides settings from the command line, highest precedence
   */
  public static Configuration load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    List<Declared> declared = declared();
    ConfigLayers layers =
        new ConfigLayers(
            declared.stream().map(Declared::key).toList(),
            OWN_PREFIXES,
            List.of(KafkaOptions.CLIENT_PROPERTIES_PREFIX));
    Configuration conf =
        Configuration.fromMap(SecretReferences.resolve(layers.merge(file, env, overrides), env));
    // Reads every declared option once, so a malformed value fails now with its key named.
    for (Declared d : declared) {
      try {
        d.check().accept(conf);
      } catch (IllegalArgumentException e) {
        String message =
            e.getMessage() != null && e.getMessage().startsWith("invalid value")
                ? e.getMessage()
                : "invalid value '"
                    + conf.toMap().get(d.key())
                    + "' for "
                    + d.key()
                    + ": "
                    + e.getMessage();
        throw new IllegalArgumentException(message, e);
      }
    }
    return conf;
  }

  /**
   * The settings as given, before {@code ${env:…}}/{@code ${file:…}} references are resolved: what
   * {@code emostream config} may print.
   */
  public static Map<String, String> unresolved(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    return new ConfigLayers(
            declared().stream().map(Declared::key).toList(),
            OWN_PREFIXES,
            List.of(KafkaOptions.CLIENT_PROPERTIES_PREFIX))
        .merge(file, env, overrides);
  }

  /** The edge publisher's view of a loaded configuration. */
  public static Settings ingestSettings(Configuration conf) {
    return Settings.of(conf.toMap());
  }

  /** The Kafka cluster and topics of a loaded configuration, for the edge publisher. */
  public static KafkaTarget ingestTarget(Configuration conf) {
    KafkaIo kafka = new KafkaIo(conf);
    return new KafkaTarget(
        kafka.bootstrapServers(), KafkaOptions.clientProperties(conf), kafka.topics());
  }

  private static String format(Object value) {
    return value instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : String.valueOf(value);
  }
}
