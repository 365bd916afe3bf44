package io.emostream.jobs.io;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.registry.SchemaRegistry;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.topic.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.TimeUtils;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Kafka sources and sinks of EmoStream's jobs, configured from {@link KafkaOptions}. */
public final class KafkaIo {

  private static final String CHECKPOINT_INTERVAL = "execution.checkpointing.interval";

  private final Configuration conf;
  private final KafkaTopics topics;

  public KafkaIo(Configuration conf) {
    this.conf = conf;
    this.topics =
        conf.getOptional(KafkaOptions.TOPICS_FILE)
            .map(f -> KafkaTopics.load(Path.of(f)))
            .orElseGet(KafkaTopics::bundled);
  }

  public KafkaTopics topics() {
    return topics;
  }

  public String bootstrapServers() {
    return conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
  }

  /**
   * Undecoded records of a topic, read with per-partition order and offsets committed on
   * checkpoints.
   */
  public KafkaSource<KafkaRecordBytes> rawSource(TopicSpec topic) {
    return rawSourceBuilder(topic).build();
  }

  /**
   * Like {@link #rawSource}, but ends at the offsets that were the latest when the job started
   * (replays, tests).
   */
  public KafkaSource<KafkaRecordBytes> boundedRawSource(TopicSpec topic) {
    return rawSourceBuilder(topic).setBounded(OffsetsInitializer.latest()).build();
  }

  private KafkaSourceBuilder<KafkaRecordBytes> rawSourceBuilder(TopicSpec topic) {
    return KafkaSource.<KafkaRecordBytes>builder()
        .setBootstrapServers(bootstrapServers())
        .setTopics(topic.name())
        .setGroupId(conf.get(KafkaOptions.GROUP_ID))
        .setStartingOffsets(startingOffsets())
        .setDeserializer(new KafkaRecordBytesSchema())
        .setProperties(clientProperties())
        .setProperty("isolation.level", "read_committed")
        .setProperty(
            "max.partition.fetch.bytes",
            String.valueOf(Math.max(topic.maxMessageBytes(), 1 << 20)));
  }

  /** Avro records to a topic, keyed by {@code key}, with the configured delivery guarantee. */
  public <T extends SpecificRecord> KafkaSink<T> sink(
      TopicSpec topic, Class<T> type, SerializableFunction<T, byte[]> key) {
    return sink(topic, type, key, null);
  }

  /**
   * @param writer names the pipeline writing, when several write one topic (the analytics and the
   *     scoring pipelines both write dead letters): their Kafka transactional ids must differ, or
   *     they fence each other
   */
  public <T extends SpecificRecord> KafkaSink<T> sink(
      TopicSpec topic, Class<T> type, SerializableFunction<T, byte[]> key, String writer) {
    boolean exactlyOnce = conf.get(KafkaOptions.DELIVERY) == KafkaOptions.Delivery.EXACTLY_ONCE;
    if (exactlyOnce && !conf.toMap().containsKey(CHECKPOINT_INTERVAL)) {
      throw new IllegalArgumentException(
          KafkaOptions.DELIVERY.key()
              + "=EXACTLY_ONCE commits Kafka transactions on checkpoints: set "
              + CHECKPOINT_INTERVAL
              + " (e.g. 5s), or choose AT_LEAST_ONCE");
    }
    Duration timeout = conf.get(KafkaOptions.TRANSACTION_TIMEOUT);
    if (exactlyOnce
        && timeout.compareTo(TimeUtils.parseDuration(conf.toMap().get(CHECKPOINT_INTERVAL))) <= 0) {
      throw new IllegalArgumentException(
          KafkaOptions.TRANSACTION_TIMEOUT.key()
              + " ("
              + TimeUtils.formatWithHighestUnit(timeout)
              + ") must exceed "
              + CHECKPOINT_INTERVAL
              + " ("
              + conf.toMap().get(CHECKPOINT_INTERVAL)
              + "): a transaction stays open from one checkpoint to the next");
    }
    DeliveryGuarantee guarantee =
        exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
    Properties props = clientProperties();
    props.setProperty(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(topic.maxMessageBytes()));
    props.setProperty(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(timeout.toMillis()));
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers())
        .setRecordSerializer(
            new AvroRecordSerializationSchema<>(topic.name(), valueCodec(topic, type), key))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(
            conf.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX)
                + (writer == null ? "" : "-" + writer)
                + "-"
                + topic.id())
        .setKafkaProducerConfig(props)
        .build();
  }

  /**
   * The codec that reads values of {@code type} from any topic: single-object always,
   * registry-framed too when a registry is configured.
   */
  public static <T extends SpecificRecord> AvroCodec<T> readCodec(
      Configuration conf, Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type);
    return KafkaOptions.schemaRegistry(conf).map(codec::withRegistry).orElse(codec);
  }

  /** The codec that writes {@code topic}: framed for the registry where configured so. */
  private <T extends SpecificRecord> AvroCodec<T> valueCodec(TopicSpec topic, Class<T> type) {
    boolean framed =
        conf.get(KafkaOptions.VALUE_FORMAT) == KafkaOptions.ValueFormat.REGISTRY
            && conf.get(KafkaOptions.VALUE_FORMAT_TOPICS).contains(topic.id());
    if (!framed) {
      return AvroCodec.of(type);
    }
    SchemaRegistry registry =
        KafkaOptions.schemaRegistry(conf)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        KafkaOptions.VALUE_FORMAT.key()
                            + "=REGISTRY needs "
                            + KafkaOptions.SCHEMA_REGISTRY_URL.key()));
    // Confluent's default TopicNameStrategy, which registry-aware clients look up.
    return AvroCodec.of(type).withRegistry(registry).framedFor(topic.name() + "-value");
  }

  private OffsetsInitializer startingOffsets() {
    return switch (conf.get(KafkaOptions.STARTING_OFFSETS)) {
      case EARLIEST -> OffsetsInitializer.earliest();
      case LATEST -> OffsetsInitializer.latest();
      case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }

  private Properties clientProperties() {
    return KafkaOptions.clientProperties(conf);
  }
}
