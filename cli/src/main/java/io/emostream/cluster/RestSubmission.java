package io.emostream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A job jar submitted to any Flink cluster's REST API, as {@code flink run} does: {@code POST
 * /jars/upload}, then {@code POST /jars/ID/run}.
 */
public final class RestSubmission {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RestSubmission() {}

  /**
   * @param restUrl the JobManager's REST address, ending in "/"
   * @return the job id
   */
  public static String submit(
      HttpClient http, String restUrl, Path jobJar, String entryClass, List<String> args)
      throws Exception {
    String boundary = "emostream-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jobJar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> uploaded =
        http.send(
            HttpRequest.newBuilder(URI.create(restUrl + "jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(
                    HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jobJar),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode upload = JSON.readTree(uploaded.body());
    if (!upload.has("filename")) {
      throw new IOException("upload refused: " + uploaded.body());
    }
    String jarId = Path.of(upload.get("filename").asText()).getFileName().toString();
    var body = JSON.createObjectNode().put("entryClass", entryClass);
    var list = body.putArray("programArgsList");
    args.forEach(list::add);
    HttpResponse<String> ran =
        http.send(
            HttpRequest.newBuilder(URI.create(restUrl + "jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode run = JSON.readTree(ran.body());
    if (!run.has("jobid")) {
      throw new IOException("the job did not start: " + lastCause(ran.body()));
    }
    return run.get("jobid").asText();
  }

  private static String lastCause(String body) {
    return body.lines().filter(l -> l.contains("Caused by")).reduce((a, b) -> b).orElse(body);
  }
}
