package io.emostream.schemas.topic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The only way code finds a topic: by logical id, from the declarative definition kept in {@code
 * infra/kafka/topics.yaml} (shipped inside this jar) or from an operator's own copy of that file.
 */
public final class KafkaTopics implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String BUNDLED = "/io/emostream/schemas/topic/topics.yaml";

  private final Map<String, TopicSpec> topics;

  private KafkaTopics(Map<String, TopicSpec> topics) {
    this.topics = topics;
  }

  /** The definition bundled with this build (a copy of infra/kafka/topics.yaml). */
  public static KafkaTopics bundled() {
    try (InputStream in = KafkaTopics.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(
            BUNDLED + " is missing from the class path: rebuild the schemas module");
      }
      return parse(in, "classpath:" + BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An operator's own topic file, same format as infra/kafka/topics.yaml. */
  public static KafkaTopics load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read topic definition " + file, e);
    }
  }

  static KafkaTopics parse(InputStream in, String source) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
    JsonNode list = root == null ? null : root.get("topics");
    if (list == null || !list.isObject() || list.isEmpty()) {
      throw new IllegalArgumentException(
          source + ": expected a 'topics:' map of logical id -> topic");
    }
    Map<String, TopicSpec> topics = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String id = entry.getKey();
      JsonNode t = entry.getValue();
      String where = source + ": topics." + id;
      String name = required(t, "name", where).asText();
      String value = required(t, "value", where).asText();
      int partitions = required(t, "partitions", where).asInt(-1);
      if (partitions < 1) {
        throw new IllegalArgumentException(where + ".partitions must be a positive integer");
      }
      int replication = t.path("replication-factor").asInt(1);
      if (replication < 1) {
        throw new IllegalArgumentException(
            where + ".replication-factor must be a positive integer");
      }
      Map<String, String> config = new LinkedHashMap<>();
      t.path("config")
          .fields()
          .forEachRemaining(c -> config.put(c.getKey(), c.getValue().asText()));
      if (value.startsWith("io.emostream.schemas.event.") && !config.containsKey("retention.ms")) {
        throw new IllegalArgumentException(
            where
                + ".config.retention.ms is required: every EmoStream topic has an explicit retention");
      }
      topics.put(id, new TopicSpec(id, name, value, partitions, (short) replication, config));
    }
    return new KafkaTopics(Collections.unmodifiableMap(topics)); // keeps the file's order
  }

  private static JsonNode required(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + "." + key + " is required");
    }
    return value;
  }

  public TopicSpec get(String id) {
    TopicSpec spec = topics.get(id);
    if (spec == null) {
      throw new IllegalArgumentException(
          "no topic with logical id '" + id + "'; known: " + topics.keySet());
    }
    return spec;
  }

  public Collection<TopicSpec> all() {
    return topics.values();
  }

  public TopicSpec frames() {
    return get("frames");
  }

  public TopicSpec emotionScores() {
    return get("emotion-scores");
  }

  public TopicSpec cameraStats() {
    return get("camera-stats");
  }

  public TopicSpec emotionAggregates() {
    return get("emotion-aggregates");
  }

  public TopicSpec emotionAlerts() {
    return get("emotion-alerts");
  }

  public TopicSpec clipSamples() {
    return get("clip-samples");
  }

  public TopicSpec annotations() {
    return get("annotations");
  }

  public TopicSpec labelledClips() {
    return get("labelled-clips");
  }

  public TopicSpec modelReleases() {
    return get("model-releases");
  }

  public TopicSpec deadLetters() {
    return get("dead-letters");
  }
}
