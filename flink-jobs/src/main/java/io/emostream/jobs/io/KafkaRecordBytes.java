package io.emostream.jobs.io;

import java.util.Objects;

/**
 * A Kafka record as it arrived, before any decoding: jobs decode in an operator so that a record
 * that does not decode becomes a dead letter with its topic, partition and offset, never a job
 * failure. A Flink POJO (public fields, no-arg constructor) for efficient serialization.
 */
public class KafkaRecordBytes {
  public String topic;
  public int partition;
  public long offset;

  /** Record timestamp in epoch millis (producers set it to the event's capture time). */
  public long timestamp;

  public byte[] key;
  public byte[] value;

  public KafkaRecordBytes() {}

  public KafkaRecordBytes(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  /** "topic/partition@offset", the way records are named in logs and dead letters. */
  public String coordinates() {
    return topic + "/" + partition + "@" + offset;
  }

  @Override
  public String toString() {
    // Never the value: it may hold image bytes.
    return "KafkaRecordBytes{"
        + coordinates()
        + ", "
        + (value == null ? "null" : value.length + " bytes")
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaRecordBytes r
        && r.partition == partition
        && r.offset == offset
        && Objects.equals(r.topic, topic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }
}
