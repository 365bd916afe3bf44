package io.emostream.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Ties a picocli option to a setting: an option whose {@code descriptionKey} is a setting's key
 * shows that setting's default in {@code --help}, and only when given on the command line does it
 * override the file and environment. So every default is declared once, in the {@code *Options}
 * class.
 */
final class ConfigDefaults implements IDefaultValueProvider {

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option && !option.descriptionKey().isEmpty()) {
      return EmoStreamConfig.declared().stream()
          .filter(o -> o.key().equals(option.descriptionKey()))
          .findFirst()
          .map(EmoStreamConfig.Declared::defaultText) // Optional.map: a setting without default
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
}
