package io.emostream.schemas.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting of a component that does not run on Flink (the edge publisher): key, type, default
 * and description declared together, read from {@link Settings}. The Flink jobs declare theirs as
 * Flink {@code ConfigOption}s; both kinds take the same value syntax ({@code 500ms}, {@code 10 s},
 * {@code 2min}; {@code 64kb}, {@code 1 mb}) and the same file, environment and flag layers.
 *
 * <pre>{@code
 * static final Setting<Double> FPS = Setting.key("ingest.fps").doubleType().defaultValue(5.0)
 *     .withDescription("Frames per second published per camera.");
 * }</pre>
 */
public final class Setting<T> {
  private final String key;
  private final Function<String, T> parser;
  private final T defaultValue;
  private final String description;

  private Setting(String key, Function<String, T> parser, T defaultValue, String description) {
    this.key = key;
    this.parser = parser;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public static Builder key(String key) {
    return new Builder(key);
  }

  public String key() {
    return key;
  }

  public boolean hasDefaultValue() {
    return defaultValue != null;
  }

  /** The default, or null if the setting has none. */
  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Parses a value of this setting; a malformed one is an error that names the key. */
  public T parse(String value) {
    try {
      return parser.apply(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid value '" + value + "' for " + key + ": " + e.getMessage(), e);
    }
  }

  /** Chooses the type of a setting. */
  public static final class Builder {
    private final String key;

    private Builder(String key) {
      this.key = Objects.requireNonNull(key);
    }

    public Typed<String> stringType() {
      return new Typed<>(key, s -> s);
    }

    public Typed<Integer> intType() {
      return new Typed<>(key, Integer::valueOf);
    }

    public Typed<Double> doubleType() {
      return new Typed<>(key, Double::valueOf);
    }

    public Typed<Boolean> booleanType() {
      return new Typed<>(key, Builder::parseBoolean);
    }

    public Typed<Duration> durationType() {
      return new Typed<>(key, SettingValues::parseDuration);
    }

    /** A size in bytes, written with a unit ({@code 64kb}) or without (bytes). */
    public Typed<Long> memoryType() {
      return new Typed<>(key, SettingValues::parseBytes);
    }

    public <E extends Enum<E>> Typed<E> enumType(Class<E> type) {
      return new Typed<>(key, s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)));
    }

    private static Boolean parseBoolean(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("expected true or false");
      };
    }
  }

  /** Sets the default and the description. */
  public static final class Typed<T> {
    private final String key;
    private final Function<String, T> parser;
    private T defaultValue;

    private Typed(String key, Function<String, T> parser) {
      this.key = key;
      this.parser = parser;
    }

    public Typed<T> defaultValue(T value) {
      this.defaultValue = Objects.requireNonNull(value);
      return this;
    }

    public Typed<T> noDefaultValue() {
      this.defaultValue = null;
      return this;
    }

    public Setting<T> withDescription(String description) {
      return new Setting<>(key, parser, defaultValue, description);
    }
  }

  /** The value syntax shared with Flink's configuration. */
  static final class SettingValues {
    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

    private SettingValues() {}

    static Duration parseDuration(String text) {
      Matcher m = AMOUNT.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "expected a number and a unit, e.g. 500ms, 10s, 2min, 1h");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(n);
        case "", "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
        case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
        case "h", "hour", "hours" -> Duration.ofHours(n);
        case "d", "day", "days" -> Duration.ofDays(n);
        default ->
            throw new IllegalArgumentException(
                "unknown time unit '" + m.group(2) + "' (ms, s, min, h, d)");
      };
    }

    static Long parseBytes(String text) {
      Matcher m = AMOUNT.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "expected a number and an optional unit, e.g. 900kb, 1mb");
      }
      long n = Long.parseLong(m.group(1));
      long unit =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b", "bytes" -> 1L;
            case "k", "kb", "kibibytes" -> 1L << 10;
            case "m", "mb", "mebibytes" -> 1L << 20;
            case "g", "gb", "gibibytes" -> 1L << 30;
            default ->
                throw new IllegalArgumentException(
                    "unknown size unit '" + m.group(2) + "' (b, kb, mb, gb)");
          };
      return Math.multiplyExact(n, unit);
    }
  }
}
