package io.emostream.jobs.io;

import io.emostream.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records with a codec (single-object encoding, or the registry wire format) to one
 * topic, keyed by bytes taken from the record (e.g. the camera id as UTF-8, see {@link #utf8}),
 * with the Flink element timestamp as the Kafka record timestamp — except Flink's "end of time"
 * (what an operator emits when timers fire at the end of bounded input), which Kafka refuses: such
 * records get the broker's time.
 */
public final class AvroRecordSerializationSchema<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final AvroCodec<T> codec;
  private final SerializableFunction<T, byte[]> key;

  public AvroRecordSerializationSchema(
      String topic, AvroCodec<T> codec, SerializableFunction<T, byte[]> key) {
    this.topic = topic;
    this.codec = codec;
    this.key = key;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    Long time = timestamp == null || timestamp == Long.MAX_VALUE ? null : timestamp;
    return new ProducerRecord<>(topic, null, time, key.apply(element), codec.encode(element));
  }

  public static byte[] utf8(String key) {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }
}
