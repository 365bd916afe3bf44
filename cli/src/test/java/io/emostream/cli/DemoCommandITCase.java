package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the README's main command as a user runs it: {@code bin/emostream demo} (the built
 * jar, a separate JVM), live output, a Prometheus endpoint, and a clean stop on a signal.
 */
class DemoCommandITCase {
  private static final Path LAUNCHER =
      Path.of("..", "bin", "emostream").toAbsolutePath().normalize();
  private static final Pattern STATS_LINE =
      Pattern.compile("sample-cam-1\\s+frames=(\\d+)\\s+512x512");
  private static final Pattern SCORE_LINE =
      Pattern.compile(
          "SCORE .* sample-cam-1/t1\\s+happy\\s+[01]\\.\\d\\d .*\\[face-api-1\\.7\\.15-frame-average\\]");
  private static final Pattern METRICS_URL = Pattern.compile("metrics:\\s+(http://\\S+/metrics)");
  private static final Pattern FLINK_PORTS =
      Pattern.compile("Flink job on port\\(s\\) (\\d+(?:-\\d+)?)");
  private static final Pattern METRIC_NAME = Pattern.compile("`((?:flink|emostream|jvm)_[a-z_]+)`");
  private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void demoScoresRealFramesThroughKafkaAndFlinkAndStopsCleanlyOnSignal() throws Exception {
    assertThat(LAUNCHER).isExecutable();
    Process demo =
        new ProcessBuilder(
                LAUNCHER.toString(),
                "demo",
                "--kafka-port",
                "0",
                "--metrics-port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--fps",
                "10",
                "-D",
                "scoring.stats.window=1s",
                "-D",
                "metrics.reporter.prom.port=9300-9399",
                "-D",
                "dashboard.port=0")
            // A file, not a pipe: the JDK closes a child's stdout pipe when the child exits, racing
            // the
            // reader, so the last lines (the ones this test is about) could be lost.
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!(seen(STATS_LINE) && seen(SCORE_LINE)) && System.nanoTime() < deadline) {
        assertThat(demo.isAlive()).as("demo exited early; stderr: %s", stderr()).isTrue();
        Thread.sleep(200);
      }
      List<String> lines = stdout();
      assertThat(lines)
          .as("no camera line within 2 minutes; stderr: %s", stderr())
          .anyMatch(l -> STATS_LINE.matcher(l).find());
      assertThat(lines)
          .as("no score of the sample face within 2 minutes; stderr: %s", stderr())
          .anyMatch(l -> SCORE_LINE.matcher(l).find());

      String url =
          lines.stream()
              .map(METRICS_URL::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .findFirst()
              .orElseThrow();
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("emostream_feed_frames_published_total{camera=\"sample-cam-1\"}");

      // Every metric name the README lists is one a scrape of the running demo really shows.
      String flinkPorts =
          lines.stream()
              .map(FLINK_PORTS::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .findFirst()
              .orElseThrow();
      List<Integer> flinkEndpoints = new ArrayList<>();
      String scraped = metrics + scrapeAll(flinkPorts, flinkEndpoints);
      List<String> documented = readmeMetricNames();
      assertThat(documented).hasSizeGreaterThan(15);
      assertThat(documented)
          .allSatisfy(
              name ->
                  assertThat(
                          Pattern.compile("(?m)^(# TYPE )?" + name + "[{ ]")
                              .matcher(scraped)
                              .find())
                      .as("README metric %s in a scrape of the demo", name)
                      .isTrue());

      checkWithPrometheus(
          flinkEndpoints.stream().map(p -> "127.0.0.1:" + p).toList(),
          URI.create(url).getAuthority());
    } finally {
      demo.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the platform
    }
    assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("demo did not stop within 90 s").isTrue();
    assertThat(demo.exitValue()).as("exit status after SIGTERM (128+15)").isIn(0, 143);
    assertThat(stdout()).contains("stopping ...", "stopped.");
    assertThat(stderr()).doesNotContain("Exception in thread");
  }

  /** Metrics the dashboard and rules use that a plain demo does not run: retraining, ingest. */
  private static final Pattern NOT_IN_DEMO =
      Pattern.compile(".*_(training|retrain)_.*|emostream_ingest_.*");

  /**
   * Debian's prometheus with infra/prometheus's configuration and rules, scraping this demo: every
   * series the Grafana dashboard and the alerting rules use exists, and the throughput counters
   * move. Skipped (with a message) where the package is absent; .ci/run installs it.
   */
  private void checkWithPrometheus(List<String> flinkTargets, String cliTarget) throws Exception {
    if (!PrometheusServer.available()) {
      System.out.println(
          "SKIPPED the Prometheus check: no "
              + PrometheusServer.BINARY
              + " (apt-get install prometheus; .ci/run does)");
      return;
    }
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir.resolve("prometheus"), flinkTargets, cliTarget)) {
      List<String> names = PrometheusServer.namesInDashboardAndRules();
      assertThat(names).hasSizeGreaterThan(15);
      for (String name : names) {
        if (!NOT_IN_DEMO.matcher(name).matches()) {
          assertThat(prometheus.await(name, Duration.ofSeconds(60)))
              .as("series %s of the dashboard/rules in Prometheus", name)
              .isTrue();
        }
      }
      for (String moving :
          List.of(
              "flink_taskmanager_job_task_operator_emostream_frames_in",
              "flink_taskmanager_job_task_operator_emostream_clips_scored",
              "emostream_feed_frames_published_total")) {
        assertThat(
                prometheus.await("sum(increase(" + moving + "[20s])) > 0", Duration.ofSeconds(60)))
            .as("%s increasing in Prometheus", moving)
            .isTrue();
      }
    }
  }

  /** The names between the README's metric markers, in backticks. */
  private static List<String> readmeMetricNames() throws Exception {
    String readme = Files.readString(README);
    int from = readme.indexOf("<!-- DemoCommandITCase scrapes");
    int to = readme.indexOf("<!-- end of checked metric names -->");
    assertThat(from).as("metric markers in README.md").isPositive().isLessThan(to);
    Matcher m = METRIC_NAME.matcher(readme.substring(from, to));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Every Flink reporter endpoint in a port range ("9300-9399" or one port): JobManager and
   * TaskManager each take one.
   */
  private static String scrapeAll(String ports, List<Integer> answered) throws Exception {
    String[] range = ports.split("-");
    int first = Integer.parseInt(range[0].trim());
    int last = Integer.parseInt(range[range.length - 1].trim());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    StringBuilder all = new StringBuilder();
    for (int port = first; port <= last; port++) {
      try {
        all.append(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
        answered.add(port);
      } catch (IOException e) {
        // nothing listens on this port
      }
    }
    return all.toString();
  }

  private boolean seen(Pattern pattern) throws Exception {
    return stdout().stream().anyMatch(l -> pattern.matcher(l).find());
  }

  private List<String> stdout() throws Exception {
    Path file = dir.resolve("stdout.txt");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private String stderr() throws Exception {
    Path file = dir.resolve("stderr.txt");
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
