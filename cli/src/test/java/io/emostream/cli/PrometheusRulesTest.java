package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * infra/prometheus checked by Debian's promtool (.ci/run installs the prometheus package): the
 * configuration and rules are valid, and the rules' unit tests (emostream.test.yml) pass.
 */
class PrometheusRulesTest {
  @Test
  void configurationIsValidAndTheRulesPassTheirUnitTests() throws Exception {
    assumeTrue(
        Files.isExecutable(PrometheusServer.PROMTOOL),
        "needs promtool from Debian's prometheus package (apt-get install prometheus)");
    Path prom = PrometheusServer.INFRA.resolve("prometheus");
    assertThat(run(prom, "check", "config", "prometheus.yml")).contains("SUCCESS");
    assertThat(run(prom.resolve("rules"), "test", "rules", "emostream.test.yml"))
        .contains("SUCCESS");
  }

  private static String run(Path dir, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = PrometheusServer.PROMTOOL.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }
}
