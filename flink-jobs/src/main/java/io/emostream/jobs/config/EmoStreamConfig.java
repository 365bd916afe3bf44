package io.emostream.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Builds one Flink {@link Configuration} from, lowest precedence first: option defaults, a YAML
 * file, {@code EMOSTREAM_*} environment variables, and command-line settings.
 *
 * <p>The file may nest keys ({@code scoring: {stats: {window: 5s}}}) or write them flat ({@code
 * scoring.stats.window: 5s}). Any Flink key ({@code parallelism.default}, {@code
 * execution.checkpointing.interval}, ...) passes through to the job. Keys under EmoStream's own
 * prefixes must be declared options, so a typo fails at start-up instead of being ignored. The
 * environment variable of {@code scoring.stats.window} is {@code EMOSTREAM_SCORING_STATS_WINDOW}.
 */
public final class EmoStreamConfig {
  /** Environment variable naming the config file when {@code --config} is not given. */
  public static final String CONFIG_FILE_ENV = "EMOSTREAM_CONFIG";

  private static final List<String> OWN_PREFIXES = List.of("kafka.", "scoring.", "demo.", "training.", "retrain.", "ingest.", "metrics.port");

  private EmoStreamConfig() {}

  public static List<ConfigOption<?>> options() {
    return Stream.of(KafkaOptions.all(), ScoringOptions.all(), DemoOptions.all(), TrainingSettings.all(), IngestOptions.all()).flatMap(List::stream).toList();
  }

  /** The environment variable that sets an option. */
  public static String envName(String key) {
    return "EMOSTREAM_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /**
   * @param file the config file, or null to use $EMOSTREAM_CONFIG if set
   * @param env the process environment
   * @param overrides settings from the command line, highest precedence
   */
  public static Configuration load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>();
    Path source = file != null ? file : env.containsKey(CONFIG_FILE_ENV) ? Path.of(env.get(CONFIG_FILE_ENV)) : null;
    if (source != null) {
      Map<String, String> fromFile = readYaml(source);
      checkKnown(fromFile.keySet(), source.toString());
      merged.putAll(fromFile);
    }
    for (ConfigOption<?> option : options()) {
      String value = env.get(envName(option.key()));
      if (value != null) {
        merged.put(option.key(), value);
      }
    }
    checkKnown(overrides.keySet(), "the command line");
    merged.putAll(overrides);
    Configuration conf = Configuration.fromMap(merged);
    validate(conf);
    return conf;
  }

  /** Reads every declared option once, so a malformed value fails now with its key named. */
  private static void validate(Configuration conf) {
    for (ConfigOption<?> option : options()) {
      try {
        conf.get(option);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid value '" + conf.toMap().get(option.key()) + "' for " + option.key() + ": " + e.getMessage(), e);
      }
    }
  }

  private static void checkKnown(Set<String> keys, String where) {
    Set<String> known = new TreeSet<>();
    options().forEach(o -> known.add(o.key()));
    for (String key : keys) {
      boolean ours = OWN_PREFIXES.stream().anyMatch(key::startsWith);
      if (ours && !known.contains(key) && !key.startsWith(KafkaOptions.CLIENT_PROPERTIES_PREFIX)) {
        throw new IllegalArgumentException("unknown setting '" + key + "' in " + where + "; EmoStream's settings are " + known
            + " (run 'emostream config' to see them with their descriptions)");
      }
    }
  }

  static Map<String, String> readYaml(Path file) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      Map<String, String> flat = new LinkedHashMap<>();
      if (root != null && !root.isMissingNode() && !root.isNull()) {
        if (!root.isObject()) {
          throw new IllegalArgumentException(file + ": expected a map of settings at the top level");
        }
        flatten("", root, flat);
      }
      return flat;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(n.asText()));
      out.put(prefix, String.join(";", items));
    } else {
      out.put(prefix, node.asText());
    }
  }
}
