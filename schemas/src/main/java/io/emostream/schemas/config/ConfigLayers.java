package io.emostream.schemas.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges settings from, lowest precedence first: a YAML file, {@code EMOSTREAM_*} environment
 * variables, and command-line settings (defaults are the declarations' own). The file may nest keys
 * ({@code scoring: {stats: {window: 5s}}}) or write them flat ({@code scoring.stats.window: 5s}).
 * Keys under EmoStream's own prefixes must be declared, so a typo fails at start-up instead of
 * being ignored; other keys (Flink's own) pass through. The environment variable of {@code
 * scoring.stats.window} is {@code EMOSTREAM_SCORING_STATS_WINDOW}.
 */
public final class ConfigLayers {
  /** Environment variable naming the config file when no file is given. */
  public static final String CONFIG_FILE_ENV = "EMOSTREAM_CONFIG";

  private final Set<String> known;
  private final List<String> ownPrefixes;
  private final List<String> passThroughPrefixes;

  /**
   * @param known every declared key
   * @param ownPrefixes keys under these must be declared
   * @param passThroughPrefixes keys under these are free-form (e.g. {@code kafka.properties.})
   */
  public ConfigLayers(
      Collection<String> known, List<String> ownPrefixes, List<String> passThroughPrefixes) {
    this.known = new TreeSet<>(known);
    this.ownPrefixes = List.copyOf(ownPrefixes);
    this.passThroughPrefixes = List.copyOf(passThroughPrefixes);
  }

  /** The environment variable that sets a key. */
  public static String envName(String key) {
    return "EMOSTREAM_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /**
   * @param file the config file, or null to use $EMOSTREAM_CONFIG if set
   * @param env the process environment
   * @param overrides settings from the command line, highest precedence
   */
  public Map<String, String> merge(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>();
    Path source =
        file != null
            ? file
            : env.containsKey(CONFIG_FILE_ENV) ? Path.of(env.get(CONFIG_FILE_ENV)) : null;
    if (source != null) {
      Map<String, String> fromFile = readYaml(source);
      checkKnown(fromFile.keySet(), source.toString());
      merged.putAll(fromFile);
    }
    for (String key : known) {
      String value = env.get(envName(key));
      if (value != null) {
        merged.put(key, value);
      }
    }
    checkKnown(overrides.keySet(), "the command line");
    merged.putAll(overrides);
    return merged;
  }

  private void checkKnown(Set<String> keys, String where) {
    for (String key : keys) {
      boolean ours = ownPrefixes.stream().anyMatch(key::startsWith);
      boolean free = passThroughPrefixes.stream().anyMatch(key::startsWith);
      if (ours && !free && !known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown setting '"
                + key
                + "' in "
                + where
                + "; EmoStream's settings are "
                + known
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
          throw new IllegalArgumentException(
              file + ": expected a map of settings at the top level");
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
      node.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(n.asText()));
      out.put(prefix, String.join(";", items));
    } else {
      out.put(prefix, node.asText());
    }
  }
}
