package io.emostream.schemas.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets by reference instead of by value: a setting may hold {@code ${env:NAME}} (an environment
 * variable) or {@code ${file:/run/secrets/kafka-jaas}} (a file's content, trailing newline
 * dropped), alone or inside a longer value, so that passwords stay out of config files and off the
 * process list (where {@code -D key=secret} would show them). Printing a setting shows the
 * reference, never what it resolves to ({@link #isSensitive}, {@link #hasReference}).
 */
public final class SecretReferences {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

  private SecretReferences() {}

  /** The settings with every reference replaced by what it names. */
  public static Map<String, String> resolve(Map<String, String> settings, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((key, value) -> out.put(key, resolve(key, value, env)));
    return out;
  }

  static String resolve(String key, String value, Map<String, String> env) {
    if (value == null || !value.contains("${")) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2).trim();
      String replacement;
      if (m.group(1).equals("env")) {
        replacement = env.get(name);
        if (replacement == null) {
          throw new IllegalArgumentException(
              key + " refers to environment variable " + name + ", which is not set");
        }
      } else {
        try {
          replacement = Files.readString(Path.of(name), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
          throw new IllegalArgumentException(
              key + " refers to file " + name + ", which cannot be read: " + e.getMessage(), e);
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  public static boolean hasReference(String value) {
    return value != null && REFERENCE.matcher(value).find();
  }

  /** Keys whose values are secrets by their name (as Flink masks them in its web UI, and more). */
  public static boolean isSensitive(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas.config")
        || k.contains("token")
        || k.contains("apikey")
        || k.contains("api-key")
        || k.contains("credentials")
        || k.contains("user-info"); // user:password, e.g. the schema registry's basic auth
  }
}
