package io.emostream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * A schema registry for tests that speaks the part of Confluent Schema Registry's REST API that
 * serializers use, with its status codes, error codes and media type, and its default BACKWARD
 * compatibility rule per subject. No real registry can be run here: Confluent's and Karapace are
 * not on Maven Central or in Debian, and Apicurio's app on Central is an unbuilt Quarkus module. So
 * the contract is followed as documented, and Confluent's own Python client (Debian's
 * python3-confluent-kafka) is used against it in {@code PythonConsumerExampleITCase}.
 *
 * <pre>
 * POST /subjects/{subject}/versions   {"schema": "..."}  → {"id": N}    409/42201 on refusal
 * GET  /schemas/ids/{id}                                  → {"schema": "..."}   404/40403
 * GET  /subjects                                          → ["a-value", ...]
 * GET  /subjects/{subject}/versions/latest                → {"subject","version","id","schema"}
 * </pre>
 */
public final class ContractSchemaRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

  private final HttpServer server;
  private final String requiredAuthorization;
  private final Map<String, Integer> idByCanonicalForm = new LinkedHashMap<>();
  private final Map<Integer, Schema> schemaById = new LinkedHashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  private ContractSchemaRegistry(String requiredAuthorization) throws IOException {
    this.requiredAuthorization = requiredAuthorization;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public static ContractSchemaRegistry start() throws IOException {
    return new ContractSchemaRegistry(null);
  }

  /** A registry that answers 401 unless the request carries this basic-auth user info. */
  public static ContractSchemaRegistry startWithBasicAuth(String userInfo) throws IOException {
    return new ContractSchemaRegistry(
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** HTTP requests served so far (clients are expected to cache). */
  public int requests() {
    return requests.get();
  }

  public synchronized List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  public synchronized List<Integer> versions(String subject) {
    return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (requiredAuthorization != null
          && !requiredAuthorization.equals(
              exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, error(40101, "Unauthorized"));
        return;
      }
      String[] path = exchange.getRequestURI().getRawPath().substring(1).split("/");
      String method = exchange.getRequestMethod();
      synchronized (this) {
        if (method.equals("POST")
            && path.length == 3
            && path[0].equals("subjects")
            && path[2].equals("versions")) {
          register(exchange, decode(path[1]));
        } else if (method.equals("GET")
            && path.length == 3
            && path[0].equals("schemas")
            && path[1].equals("ids")) {
          Schema schema = schemaById.get(parseId(path[2]));
          if (schema == null) {
            reply(exchange, 404, error(40403, "Schema " + path[2] + " not found"));
          } else {
            reply(exchange, 200, JSON.createObjectNode().put("schema", schema.toString()));
          }
        } else if (method.equals("GET") && path.length == 1 && path[0].equals("subjects")) {
          reply(exchange, 200, JSON.valueToTree(versionsBySubject.keySet()));
        } else if (method.equals("GET")
            && path.length == 4
            && path[0].equals("subjects")
            && path[3].equals("latest")) {
          List<Integer> ids = versionsBySubject.get(decode(path[1]));
          if (ids == null) {
            reply(exchange, 404, error(40401, "Subject '" + decode(path[1]) + "' not found."));
          } else {
            int id = ids.get(ids.size() - 1);
            reply(
                exchange,
                200,
                JSON.createObjectNode()
                    .put("subject", decode(path[1]))
                    .put("version", ids.size())
                    .put("id", id)
                    .put("schema", schemaById.get(id).toString()));
          }
        } else {
          reply(exchange, 404, error(404, "HTTP 404 Not Found"));
        }
      }
    }
  }

  private void register(HttpExchange exchange, String subject) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    if (!body.path("schemaType").asText("AVRO").equals("AVRO")) {
      reply(exchange, 422, error(42201, "Only AVRO is served here"));
      return;
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(body.path("schema").asText());
    } catch (RuntimeException e) {
      reply(exchange, 422, error(42201, "Invalid schema " + e.getMessage()));
      return;
    }
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    String canonical = SchemaNormalization.toParsingForm(schema);
    Integer known = idByCanonicalForm.get(canonical);
    if (known != null && versions.contains(known)) {
      reply(exchange, 200, JSON.createObjectNode().put("id", known));
      return;
    }
    if (!versions.isEmpty()) {
      Schema latest = schemaById.get(versions.get(versions.size() - 1));
      // BACKWARD: consumers using the new schema can read data written with the latest one.
      if (SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
          != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        reply(
            exchange,
            409,
            error(409, "Schema being registered is incompatible with an earlier schema"));
        return;
      }
    }
    int id = known != null ? known : idByCanonicalForm.size() + 1;
    idByCanonicalForm.putIfAbsent(canonical, id);
    schemaById.putIfAbsent(id, schema);
    versions.add(id);
    reply(exchange, 200, JSON.createObjectNode().put("id", id));
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static ObjectNode error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message);
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
