package io.emostream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Debian's {@code prometheus} run by a test on 127.0.0.1 with {@code infra/prometheus}'s
 * configuration and rules, its targets replaced by the ports of a live demo, scraping every second.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final Path INFRA = Path.of("..", "infra").toAbsolutePath().normalize();
  private static final Pattern METRIC =
      Pattern.compile("\\b(flink_taskmanager_job_task_operator_[a-z_]+|emostream_[a-z_]+)\\b");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String api;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, String api) {
    this.process = process;
    this.api = api;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  static PrometheusServer start(Path dir, List<String> flinkTargets, String cliTarget)
      throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.copy(INFRA.resolve("prometheus/rules/emostream.yml"), dir.resolve("rules/emostream.yml"));
    String config =
        Files.readString(INFRA.resolve("prometheus/prometheus.yml"))
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .replace(
                "[\"localhost:9249\"]",
                flinkTargets.stream()
                    .map(t -> "\"" + t + "\"")
                    .collect(Collectors.joining(", ", "[", "]")))
            .replace("[\"localhost:9250\"]", "[\"" + cliTarget + "\"]");
    assertChanged(config);
    Files.writeString(dir.resolve("prometheus.yml"), config);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    return new PrometheusServer(p, "http://127.0.0.1:" + port + "/api/v1/");
  }

  private static void assertChanged(String config) {
    if (config.contains("localhost:9249") || config.contains("localhost:9250")) {
      throw new IllegalStateException("infra/prometheus/prometheus.yml's targets changed shape");
    }
  }

  /** Metric names the Grafana dashboard and the alerting rules use. */
  static List<String> namesInDashboardAndRules() throws IOException {
    String text =
        Files.readString(INFRA.resolve("grafana/emostream-dashboard.json"))
            + Files.readString(INFRA.resolve("prometheus/rules/emostream.yml"));
    Matcher m = METRIC.matcher(text);
    return m.results().map(r -> r.group(1)).distinct().sorted().toList();
  }

  /** The instant query's result vector (empty if nothing matches yet). */
  JsonNode query(String promql) throws Exception {
    String url = api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      return body.path("data").path("result");
    } catch (IOException e) {
      return JSON.createArrayNode(); // not listening yet
    }
  }

  /** Waits until {@code promql} returns at least one sample; false at the deadline. */
  boolean await(String promql, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (query(promql).size() > 0) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
