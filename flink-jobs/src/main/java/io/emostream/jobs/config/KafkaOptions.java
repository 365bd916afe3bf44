package io.emostream.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.emostream.schemas.registry.SchemaRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** Where EmoStream's Kafka is and how jobs read from and write to it. */
public final class KafkaOptions {
  /** Keys under this prefix go unchanged to every Kafka client (e.g. security settings). */
  public static final String CLIENT_PROPERTIES_PREFIX = "kafka.properties.";

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      key("kafka.bootstrap-servers")
          .stringType()
          .defaultValue("127.0.0.1:9092")
          .withDescription(
              "Kafka bootstrap servers. The demo starts an embedded broker unless this is set explicitly.");

  public static final ConfigOption<String> TOPICS_FILE =
      key("kafka.topics-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "An operator's own topic definition (same format as infra/kafka/topics.yaml); default: the bundled one.");

  public static final ConfigOption<String> GROUP_ID =
      key("kafka.consumer.group-id")
          .stringType()
          .defaultValue("emostream-scoring")
          .withDescription(
              "Consumer group of the scoring job (offsets are committed on checkpoints).");

  public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
      key("kafka.consumer.starting-offsets")
          .enumType(StartingOffsets.class)
          .defaultValue(StartingOffsets.COMMITTED)
          .withDescription(
              "Where a job without state starts: EARLIEST, LATEST, or COMMITTED (falls back to EARLIEST).");

  public static final ConfigOption<Delivery> DELIVERY =
      key("kafka.sink.delivery-guarantee")
          .enumType(Delivery.class)
          .defaultValue(Delivery.EXACTLY_ONCE)
          .withDescription(
              "EXACTLY_ONCE (Kafka transactions committed on checkpoints; consumers read_committed) or AT_LEAST_ONCE.");

  public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
      key("kafka.sink.transaction-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription(
              "With EXACTLY_ONCE: how long the broker keeps a sink transaction open (at most the broker's transaction.max.timeout.ms, 15 min by default). A recovery that takes longer loses the output of the last checkpoint before the failure (the broker has aborted it; Flink logs 'producer is already fenced'); alert EmoStreamRecoveryNearTransactionTimeout warns first. Must exceed the checkpoint interval.");

  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
      key("kafka.sink.transactional-id-prefix")
          .stringType()
          .defaultValue("emostream-scoring")
          .withDescription(
              "Prefix of the sink's transactional ids with EXACTLY_ONCE; unique per job on a cluster.");

  public static final ConfigOption<ValueFormat> VALUE_FORMAT =
      key("kafka.value-format")
          .enumType(ValueFormat.class)
          .defaultValue(ValueFormat.SINGLE_OBJECT)
          .withDescription(
              "How jobs encode the values of the topics in kafka.value-format.topics: SINGLE_OBJECT (Avro single-object encoding, no registry needed) or REGISTRY (Confluent wire format: magic byte 0, 4-byte schema id, Avro body; needs kafka.schema-registry.url).");

  public static final ConfigOption<List<String>> VALUE_FORMAT_TOPICS =
      key("kafka.value-format.topics")
          .stringType()
          .asList()
          .defaultValues("emotion-scores", "emotion-aggregates", "emotion-alerts")
          .withDescription(
              "Logical ids (infra/kafka/topics.yaml) of the topics kafka.value-format applies to: those read by clients outside EmoStream. Other topics stay in single-object encoding.");

  public static final ConfigOption<String> SCHEMA_REGISTRY_URL =
      key("kafka.schema-registry.url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A Confluent-compatible schema registry (e.g. http://registry:8081). Writers register their schema under <topic>-value; readers then accept registry-framed values as well as single-object ones.");

  public static final ConfigOption<String> SCHEMA_REGISTRY_BASIC_AUTH =
      key("kafka.schema-registry.basic-auth.user-info")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "user:password for the registry's HTTP basic authentication; ${env:NAME} and ${file:PATH} references keep it out of the config file.");

  /** Wire format of consumer-facing topic values. */
  public enum ValueFormat {
    SINGLE_OBJECT,
    REGISTRY
  }

  /** Where a job starts reading when it has no state. */
  public enum StartingOffsets {
    EARLIEST,
    LATEST,
    COMMITTED
  }

  /** Kafka sink delivery guarantee. */
  public enum Delivery {
    AT_LEAST_ONCE,
    EXACTLY_ONCE
  }

  private KafkaOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(
        BOOTSTRAP_SERVERS,
        TOPICS_FILE,
        GROUP_ID,
        STARTING_OFFSETS,
        DELIVERY,
        TRANSACTION_TIMEOUT,
        TRANSACTIONAL_ID_PREFIX,
        VALUE_FORMAT,
        VALUE_FORMAT_TOPICS,
        SCHEMA_REGISTRY_URL,
        SCHEMA_REGISTRY_BASIC_AUTH);
  }

  /** The configured schema registry, if any. */
  public static Optional<SchemaRegistry> schemaRegistry(Configuration conf) {
    return conf.getOptional(SCHEMA_REGISTRY_URL)
        .map(SchemaRegistry::at)
        .map(r -> conf.getOptional(SCHEMA_REGISTRY_BASIC_AUTH).map(r::withBasicAuth).orElse(r));
  }

  /** The {@code kafka.properties.*} pass-through settings, with the prefix removed. */
  public static Properties clientProperties(Configuration conf) {
    Properties props = new Properties();
    conf.toMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith(CLIENT_PROPERTIES_PREFIX)) {
                props.setProperty(k.substring(CLIENT_PROPERTIES_PREFIX.length()), v);
              }
            });
    return props;
  }
}
