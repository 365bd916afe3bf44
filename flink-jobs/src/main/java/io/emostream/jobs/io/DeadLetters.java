package io.emostream.jobs.io;

import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/**
 * Builds dead letters that keep the original record, and the side-output tag operators put them on.
 */
public final class DeadLetters {
  /** The side output every EmoStream operator sends unprocessable input to. */
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  private DeadLetters() {}

  public static DeadLetter of(
      KafkaRecordBytes record, DeadLetterReason reason, String detail, String failedBy) {
    return DeadLetter.newBuilder()
        .setSourceTopic(record.topic)
        .setSourcePartition(record.partition)
        .setSourceOffset(record.offset)
        .setSourceTimestamp(record.timestamp < 0 ? null : Instant.ofEpochMilli(record.timestamp))
        .setReason(reason)
        .setDetail(detail)
        .setFailedBy(failedBy)
        .setFailedTime(Instant.now())
        .setKey(record.key == null ? null : ByteBuffer.wrap(record.key))
        .setValue(record.value == null ? null : ByteBuffer.wrap(record.value))
        .build();
  }

  /**
   * A frame that reached the event-time ordering behind the watermark. It was admitted and decoded,
   * so its Kafka coordinates are no longer at hand: the letter names camera, frame and times.
   */
  public static DeadLetter lateFrame(
      String camera, long sequence, long captureTimeMillis, String failedBy) {
    return DeadLetter.newBuilder()
        .setSourceTopic("")
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setSourceTimestamp(Instant.ofEpochMilli(captureTimeMillis))
        .setReason(DeadLetterReason.LATE_EVENT)
        .setDetail(
            "camera "
                + camera
                + " frame "
                + sequence
                + " captured at "
                + Instant.ofEpochMilli(captureTimeMillis)
                + " arrived after event time had passed it (raise scoring.watermark.out-of-orderness to wait longer)")
        .setFailedBy(failedBy)
        .setFailedTime(Instant.now())
        .setKey(ByteBuffer.wrap(camera.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /**
   * Kafka key of a dead letter: the source key unchanged, so a camera's dead letters stay in order.
   */
  public static byte[] key(DeadLetter letter) {
    ByteBuffer k = letter.getKey();
    if (k == null) {
      return null;
    }
    ByteBuffer copy = k.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
