package io.emostream.cli;

import java.nio.file.Path;

/** Where the launcher's build lives: {@code bin/emostream} passes the repository root. */
final class EmoStreamPaths {
  private EmoStreamPaths() {}

  static Path home() {
    return Path.of(System.getProperty("emostream.home", ".")).toAbsolutePath().normalize();
  }

  /** The runtime classpath the launcher runs with ({@code cli/target/lib}). */
  static Path lib() {
    return home().resolve("cli").resolve("target").resolve("lib");
  }
}
