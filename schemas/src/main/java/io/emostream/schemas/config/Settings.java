package io.emostream.schemas.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable key → value settings, read through declared {@link Setting}s (defaults apply to keys
 * not set).
 */
public final class Settings {
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /** The value, or the setting's default (null if it has none). */
  public <T> T get(Setting<T> setting) {
    return getOptional(setting).orElse(setting.defaultValue());
  }

  /** The value only if it was set. */
  public <T> Optional<T> getOptional(Setting<T> setting) {
    String value = values.get(setting.key());
    return value == null ? Optional.empty() : Optional.of(setting.parse(value));
  }

  /** A copy with one more value. */
  public Settings with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new Settings(copy);
  }

  public Map<String, String> toMap() {
    return values;
  }
}
