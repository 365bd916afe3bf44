package io.emostream.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code emostream config}: every setting with its effective value, default and meaning. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every EmoStream setting with its effective value.",
      "For each: key, environment variable, default and description.",
      "Effective = defaults, overridden by --config FILE, then EMOSTREAM_* variables, then -D flags."
    })
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Override
  public Integer call() {
    Configuration conf = config.load(Map.of());
    for (EmoStreamConfig.Declared option : EmoStreamConfig.declared()) {
      String value = conf.toMap().getOrDefault(option.key(), option.defaultText());
      System.out.printf(
          "%s = %s%n    env %s; default %s%n    %s%n",
          option.key(),
          value == null ? "(unset)" : value,
          EmoStreamConfig.envName(option.key()),
          option.hasDefault() ? option.defaultText() : "(none)",
          option.description());
    }
    return 0;
  }
}
