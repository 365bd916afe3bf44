package io.emostream.cli;

import io.emostream.jobs.config.EmoStreamConfig;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code emostream config}: every setting with its effective value, default and meaning. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Prints every EmoStream setting with its effective value.",
        "For each: key, environment variable, default and description.",
        "Effective = defaults, overridden by --config FILE, then EMOSTREAM_* variables, then -D flags."})
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Override
  public Integer call() {
    Configuration conf = config.load(java.util.Map.of());
    for (ConfigOption<?> option : EmoStreamConfig.options()) {
      Object value = option.hasDefaultValue() ? conf.get(option) : conf.getOptional(option).orElse(null);
      System.out.printf("%s = %s%n    env %s; default %s%n    %s%n", option.key(), value == null ? "(unset)" : value,
          EmoStreamConfig.envName(option.key()), option.hasDefaultValue() ? option.defaultValue() : "(none)",
          option.description().getBlocks().isEmpty() ? "" : new org.apache.flink.configuration.description.HtmlFormatter().format(option.description()));
    }
    return 0;
  }
}
