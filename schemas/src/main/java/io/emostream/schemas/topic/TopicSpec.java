package io.emostream.schemas.topic;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One topic as declared in {@code infra/kafka/topics.yaml}.
 *
 * @param id logical id used by code (e.g. {@code frames})
 * @param name the Kafka topic name
 * @param valueType fully qualified Avro record class of the values
 * @param partitions partition count
 * @param replicationFactor replication factor on a real cluster
 * @param config topic-level configs (retention.ms, max.message.bytes, ...)
 */
public record TopicSpec(
    String id,
    String name,
    String valueType,
    int partitions,
    short replicationFactor,
    Map<String, String> config) {

  public TopicSpec {
    config = Map.copyOf(config);
  }

  /** How long the topic keeps records; empty when it keeps them without limit (-1 or unset). */
  public Optional<Duration> retention() {
    long ms = Long.parseLong(config.getOrDefault("retention.ms", "-1"));
    return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  /** Largest record value the topic accepts, or the broker default of 1 MiB when not set. */
  public int maxMessageBytes() {
    return Integer.parseInt(config.getOrDefault("max.message.bytes", "1048588"));
  }
}
