package io.emostream.annotate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.AnnotationSource;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.Identifiers;
import io.emostream.web.Exchanges;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The annotation web app: a page that plays the next pending clip's face crops as a loop and takes
 * one of the seven expressions (buttons, keys 1–7) or a skip, and a small JSON API behind it. Votes
 * become {@link Annotation}s on the annotations topic (keyed by clip id), written before the page
 * hears "ok"; one annotator votes once per clip. Optional bearer token; binds where it is told (the
 * CLI's default is 127.0.0.1).
 *
 * <pre>
 * GET  /                          the page
 * GET  /api/next?annotator=ID     {clipId, frames, cropSize, votes, pending} or 204
 * GET  /api/clips/ID/frames/N     the N-th crop (image/jpeg)
 * POST /api/votes                 {"clipId", "annotator", "vote": "HAPPY" | "SKIP"}
 * GET  /api/status                {pending, votesCast}
 * </pre>
 */
public final class AnnotationServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnnotationServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_BYTES = 4096;

  private final HttpServer http;
  private final AnnotationQueue queue;
  private final Producer<byte[], byte[]> producer;
  private final String votesTopic;
  private final String token;
  private final Clock clock;
  private final AvroCodec<Annotation> codec = AvroCodec.of(Annotation.class);
  private final byte[] page;

  /**
   * @param token required as {@code Authorization: Bearer TOKEN} (or {@code ?token=}), or null
   */
  public AnnotationServer(
      InetSocketAddress address,
      AnnotationQueue queue,
      Producer<byte[], byte[]> producer,
      String votesTopic,
      String token,
      Clock clock)
      throws IOException {
    this.queue = queue;
    this.producer = producer;
    this.votesTopic = votesTopic;
    this.token = Exchanges.tokenOrNull(token);
    this.clock = clock;
    try (InputStream in = AnnotationServer.class.getResourceAsStream("index.html")) {
      this.page = in.readAllBytes();
    }
    this.http = HttpServer.create(address, 0);
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.createContext("/", this::handle);
  }

  public AnnotationServer start() {
    http.start();
    return this;
  }

  /** The address it listens on (the port, when 0 was asked for). */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      String path = uri.getPath();
      Map<String, String> query = Exchanges.query(uri.getRawQuery());
      if (path.equals("/") && ex.getRequestMethod().equals("GET")) {
        Exchanges.send(ex, 200, "text/html; charset=utf-8", page);
        return;
      }
      if (!Exchanges.authorised(ex, query, token)) {
        sendJson(ex, 401, error("a valid token is required (Authorization: Bearer ...)"));
        return;
      }
      String[] parts = path.split("/");
      switch (ex.getRequestMethod() + " " + (parts.length > 2 ? parts[2] : "")) {
        case "GET next" -> next(ex, query.get("annotator"));
        case "GET clips" -> frame(ex, parts);
        case "POST votes" -> vote(ex);
        case "GET status" -> sendJson(ex, 200, status());
        default -> sendJson(ex, 404, error("no such resource: " + path));
      }
    } catch (RuntimeException e) {
      LOG.warn("annotation request failed: {}", e.toString());
    }
  }

  private void next(HttpExchange ex, String annotator) throws IOException {
    String problem = Identifiers.problem("annotator", annotator);
    if (problem != null) {
      sendJson(ex, 400, error(problem));
      return;
    }
    Optional<ClipSample> next = queue.next(annotator);
    if (next.isEmpty()) {
      Exchanges.send(ex, 204, null, null);
      return;
    }
    ClipSample s = next.get();
    ObjectNode out = status();
    out.put("clipId", s.getClipId());
    out.put("frames", s.getFrames().size());
    out.put("cropSize", s.getCropSize());
    out.put("votes", queue.votes(s.getClipId()));
    sendJson(ex, 200, out);
  }

  private void frame(HttpExchange ex, String[] parts) throws IOException {
    // /api/clips/{id}/frames/{n}
    if (parts.length != 6 || !parts[4].equals("frames")) {
      sendJson(ex, 404, error("expected /api/clips/ID/frames/N"));
      return;
    }
    Optional<ClipSample> sample = queue.sample(parts[3]);
    int n;
    try {
      n = Integer.parseInt(parts[5]);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (sample.isEmpty() || n < 0 || n >= sample.get().getFrames().size()) {
      sendJson(ex, 404, error("no such clip or frame"));
      return;
    }
    ByteBuffer b = sample.get().getFrames().get(n).duplicate();
    byte[] jpeg = new byte[b.remaining()];
    b.get(jpeg);
    ex.getResponseHeaders().set("Cache-Control", "private, max-age=600");
    Exchanges.send(ex, 200, "image/jpeg", jpeg);
  }

  private void vote(HttpExchange ex) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        sendJson(ex, 413, error("a vote is a small JSON object"));
        return;
      }
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      sendJson(ex, 400, error("not JSON: " + e.getMessage()));
      return;
    }
    String clipId = body.path("clipId").asText(null);
    String annotator = body.path("annotator").asText(null);
    String vote = body.path("vote").asText("").toUpperCase(Locale.ROOT);
    String problem = Identifiers.problem("annotator", annotator);
    Optional<ClipSample> sample = queue.sample(clipId == null ? "" : clipId);
    if (problem != null) {
      sendJson(ex, 400, error(problem));
      return;
    }
    if (sample.isEmpty()) {
      sendJson(ex, 404, error("no pending clip " + clipId));
      return;
    }
    if (vote.equals("SKIP")) {
      queue.skip(clipId, annotator);
      sendJson(ex, 200, status());
      return;
    }
    Expression expression;
    try {
      expression = Expression.valueOf(vote);
    } catch (IllegalArgumentException e) {
      sendJson(ex, 400, error("vote must be one of " + Distributions.CLASS_NAMES + " or SKIP"));
      return;
    }
    if (!queue.tryVote(clipId, annotator)) {
      sendJson(ex, 409, error(annotator + " already voted for this clip"));
      return;
    }
    Annotation a =
        new Annotation(clipId, annotator, clock.instant(), expression, AnnotationSource.HUMAN);
    try {
      producer
          .send(
              new ProducerRecord<>(
                  votesTopic,
                  null,
                  a.getAnnotatedTime().toEpochMilli(),
                  clipId.getBytes(StandardCharsets.UTF_8),
                  codec.encode(a)))
          .get();
    } catch (Exception e) {
      queue.undoVote(clipId, annotator, sample.get());
      LOG.warn("vote of {} for {} not written: {}", annotator, clipId, e.toString());
      sendJson(ex, 503, error("the vote could not be written to Kafka; try again"));
      return;
    }
    sendJson(ex, 200, status());
  }

  private ObjectNode status() {
    ObjectNode out = JSON.createObjectNode();
    out.put("pending", queue.pending());
    out.put("votesCast", queue.votesCast());
    return out;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
    Exchanges.send(ex, status, "application/json", JSON.writeValueAsBytes(body));
  }

  @Override
  public void close() {
    http.stop(0);
    ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
  }
}
