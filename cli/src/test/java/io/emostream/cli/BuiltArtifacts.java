package io.emostream.cli;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the cluster tests take from the build: the job jar, and free local ports. */
final class BuiltArtifacts {
  private BuiltArtifacts() {}

  /** flink-jobs' job jar (made in the package phase, before these integration tests). */
  static Path jobJar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("..", "flink-jobs", "target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-job.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no job jar: run mvn package on flink-jobs first"));
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
