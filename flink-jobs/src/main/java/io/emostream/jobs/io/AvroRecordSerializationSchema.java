package io.emostream.jobs.io;

import io.emostream.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records in single-object encoding to one topic, keyed by bytes taken from the record
 * (e.g. the camera id as UTF-8, see {@link #utf8}), with the Flink element timestamp as the Kafka
 * record timestamp.
 */
public final class AvroRecordSerializationSchema<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final AvroCodec<T> codec;
  private final SerializableFunction<T, byte[]> key;

  public AvroRecordSerializationSchema(
      String topic, Class<T> type, SerializableFunction<T, byte[]> key) {
    this.topic = topic;
    this.codec = AvroCodec.of(type);
    this.key = key;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, timestamp, key.apply(element), codec.encode(element));
  }

  public static byte[] utf8(String key) {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }
}
