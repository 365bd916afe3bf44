package io.emostream.cli;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.schemas.config.SecretReferences;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code emostream config}: every setting with its effective value, default and meaning. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every EmoStream setting with its effective value.",
      "For each: key, environment variable, default and description.",
      "Effective = defaults, overridden by --config FILE, then EMOSTREAM_* variables, then -D flags.",
      "Secrets: any value may be ${env:NAME} or ${file:PATH} (or contain them); this command shows"
          + " the reference, never the secret, and masks values of keys named like passwords."
    })
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Override
  public Integer call() {
    config.load(Map.of()); // fails on unknown keys, bad values and unresolvable references
    Map<String, String> given = config.unresolved();
    for (EmoStreamConfig.Declared option : EmoStreamConfig.declared()) {
      String value = shown(option.key(), given.getOrDefault(option.key(), option.defaultText()));
      System.out.printf(
          "%s = %s%n    env %s; default %s%n    %s%n",
          option.key(),
          value == null ? "(unset)" : value,
          EmoStreamConfig.envName(option.key()),
          option.hasDefault() ? option.defaultText() : "(none)",
          option.description());
    }
    given.forEach(
        (key, value) -> {
          if (key.startsWith(KafkaOptions.CLIENT_PROPERTIES_PREFIX)) {
            System.out.printf("%s = %s%n    Kafka client setting%n", key, shown(key, value));
          }
        });
    return 0;
  }

  /** A value as it may be printed: references as written, secrets masked. */
  static String shown(String key, String value) {
    if (value == null || SecretReferences.hasReference(value)) {
      return value;
    }
    return SecretReferences.isSensitive(key) ? "******" : value;
  }
}
