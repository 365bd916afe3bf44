package io.emostream.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code -D key=value}, shared by every command that runs something. */
public final class ConfigMixin {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML settings file (default: $"
              + EmoStreamConfig.CONFIG_FILE_ENV
              + " if set). Precedence: flags > EMOSTREAM_* env > file > defaults.")
  Path file;

  @Option(
      names = {"-D", "--set"},
      paramLabel = "KEY=VALUE",
      description =
          "Any setting, EmoStream's or Flink's (e.g. -D scoring.stats.window=5s, -D parallelism.default=4). 'emostream config' lists them.")
  Map<String, String> settings = new LinkedHashMap<>();

  /** The settings as given, secret references unresolved (for printing). */
  Map<String, String> unresolved() {
    return EmoStreamConfig.unresolved(file, System.getenv(), settings);
  }

  /** The layered configuration, with {@code flags} (dedicated options that were given) on top. */
  Configuration load(Map<String, String> flags) {
    Map<String, String> overrides = new LinkedHashMap<>(settings);
    overrides.putAll(flags);
    return EmoStreamConfig.load(file, System.getenv(), overrides);
  }
}
