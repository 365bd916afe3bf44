package io.emostream.cli;

import io.emostream.jobs.config.EmoStreamConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Ties a picocli option to a setting: an option whose {@code descriptionKey} is a setting's key shows
 * that setting's default in {@code --help}, and only when given on the command line does it override
 * the file and environment. So every default is declared once, in the {@code *Options} class.
 */
final class ConfigDefaults implements IDefaultValueProvider {

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option && !option.descriptionKey().isEmpty()) {
      return EmoStreamConfig.options().stream()
          .filter(o -> o.key().equals(option.descriptionKey()))
          .filter(ConfigOption::hasDefaultValue)
          .map(o -> format(o.defaultValue()))
          .findFirst()
          .orElse(null);
    }
    return null;
  }

  /** Settings given on the command line through options tied to a setting key. */
  static Map<String, String> givenSettings(CommandSpec spec) {
    ParseResult parsed = spec.commandLine().getParseResult();
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      if (!option.descriptionKey().isEmpty() && parsed.hasMatchedOption(option)) {
        flags.put(option.descriptionKey(), String.valueOf((Object) option.getValue()));
      }
    }
    return flags;
  }

  private static String format(Object value) {
    return value instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : String.valueOf(value);
  }
}
