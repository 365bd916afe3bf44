package io.emostream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/**
 * Whether a job's tasks are all RUNNING, asked of Flink's REST API ({@code /jobs/ID}). A task is
 * RUNNING only after its operators opened (INITIALIZING before), and the model operators load and
 * warm up their models in {@code open}: when every task runs, the first frames are scored at the
 * job's steady pace instead of waiting behind loading and compilation.
 */
final class JobReadiness {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI job;

  JobReadiness(String restHost, int restPort, JobID id) {
    this.job = URI.create("http://" + restHost + ":" + restPort + "/jobs/" + id);
  }

  /** Waits until every task runs; false if {@code timeout} passed first. */
  boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (allTasksRunning()) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  private boolean allTasksRunning() throws InterruptedException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(job).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return false;
      }
      JsonNode vertices = JSON.readTree(response.body()).path("vertices");
      if (!vertices.isArray() || vertices.isEmpty()) {
        return false;
      }
      for (JsonNode v : vertices) {
        if (v.path("tasks").path("RUNNING").asInt() < v.path("parallelism").asInt(1)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false; // the REST endpoint is still starting
    }
  }
}
