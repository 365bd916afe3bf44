package io.emostream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible schema registry's REST API (Confluent Schema Registry,
 * Karapace, Redpanda, Apicurio's {@code /apis/ccompat/v7}): registers writer schemas under a
 * subject and fetches schemas by id. Only the two calls the wire format needs; ids and schemas are
 * cached, since a registered id never changes.
 *
 * <p>Hand-written because Confluent's Java client is not on Maven Central (so neither is anything
 * that depends on it, such as Flink's {@code flink-avro-confluent-registry}). Serializable: Flink
 * ships it inside serializers; the HTTP client is rebuilt where it runs.
 */
public final class SchemaRegistry implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The registry's error code for an id it does not know. */
  static final int SCHEMA_NOT_FOUND = 40403;

  private final URI url;
  private final String basicAuth;
  private transient HttpClient http;
  private transient Map<Integer, Schema> byId;
  private transient Map<String, Integer> idBySubjectAndSchema;

  private SchemaRegistry(URI url, String basicAuth) {
    String u = url.toString();
    this.url = URI.create(u.endsWith("/") ? u : u + "/");
    this.basicAuth = basicAuth;
  }

  /** A registry at {@code url}, e.g. {@code http://registry:8081}. */
  public static SchemaRegistry at(String url) {
    return new SchemaRegistry(URI.create(Objects.requireNonNull(url, "url")), null);
  }

  /** The same registry with HTTP basic authentication ({@code user:password}). */
  public SchemaRegistry withBasicAuth(String userInfo) {
    return new SchemaRegistry(
        url, Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
  }

  public URI url() {
    return url;
  }

  /**
   * Registers {@code schema} under {@code subject} (or finds it, if already there) and returns its
   * id. The registry refuses a schema that breaks the subject's compatibility rule.
   */
  public int register(String subject, Schema schema) {
    String key = subject + '\n' + schema;
    Integer cached = ids().get(key);
    if (cached != null) {
      return cached;
    }
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    JsonNode reply =
        call(
            HttpRequest.newBuilder(resolve("subjects/" + encode(subject) + "/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)),
            "register a schema under " + subject);
    int id = reply.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException(
          0, -1, "registry " + url + " answered without an id: " + reply);
    }
    ids().put(key, id);
    return id;
  }

  /** The schema registered with {@code id}; empty when the registry does not know it. */
  public Optional<Schema> schema(int id) {
    Schema cached = schemas().get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    JsonNode reply;
    try {
      reply =
          call(HttpRequest.newBuilder(resolve("schemas/ids/" + id)).GET(), "fetch schema " + id);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SCHEMA_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    Schema schema = new Schema.Parser().parse(reply.path("schema").asText());
    schemas().put(id, schema);
    return Optional.of(schema);
  }

  private JsonNode call(HttpRequest.Builder request, String what) {
    request.header("Accept", CONTENT_TYPE).header("Content-Type", CONTENT_TYPE).timeout(TIMEOUT);
    if (basicAuth != null) {
      request.header("Authorization", "Basic " + basicAuth);
    }
    HttpResponse<String> response;
    try {
      response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          0, -1, "cannot " + what + ": registry " + url + " unreachable (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(0, -1, "interrupted while trying to " + what);
    }
    JsonNode reply = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw new SchemaRegistryException(
          response.statusCode(),
          reply.path("error_code").asInt(-1),
          "cannot "
              + what
              + ": registry "
              + url
              + " answered "
              + response.statusCode()
              + " "
              + reply.path("message").asText(response.body()));
    }
    return reply;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", body);
    }
  }

  private URI resolve(String path) {
    return url.resolve(path);
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private synchronized HttpClient client() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }
    return http;
  }

  private synchronized Map<Integer, Schema> schemas() {
    if (byId == null) {
      byId = new ConcurrentHashMap<>();
    }
    return byId;
  }

  private synchronized Map<String, Integer> ids() {
    if (idBySubjectAndSchema == null) {
      idBySubjectAndSchema = new ConcurrentHashMap<>();
    }
    return idBySubjectAndSchema;
  }

  @Override
  public String toString() {
    return "SchemaRegistry[" + url + "]"; // never the credentials
  }
}
