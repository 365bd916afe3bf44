package io.emostream.jobs.io;

import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/**
 * Builds dead letters that keep the original record, and the side-output tag operators put them on.
 * A dead letter is bounded so that it always fits the dead-letter topic (a letter too large for its
 * sink would fail the job it is meant to protect): the detail is cut to {@value #MAX_DETAIL_CHARS}
 * characters without control characters, a key over {@value #MAX_KEY_BYTES} bytes or a value over
 * {@link #MAX_VALUE_BYTES} is left out and the detail says so (the original stays at its source
 * coordinates for the source topic's retention).
 */
public final class DeadLetters {
  /** The side output every EmoStream operator sends unprocessable input to. */
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  public static final int MAX_DETAIL_CHARS = 4096;
  public static final int MAX_KEY_BYTES = 1024;

  /** The frames topic's 8 MiB records fit; the dead-letter topic takes 10 MiB. */
  public static final int MAX_VALUE_BYTES = 9 << 20;

  private DeadLetters() {}

  public static DeadLetter of(
      KafkaRecordBytes record, DeadLetterReason reason, String detail, String failedBy) {
    byte[] key = record.key;
    byte[] value = record.value;
    StringBuilder why = new StringBuilder(bounded(detail));
    if (key != null && key.length > MAX_KEY_BYTES) {
      why.append(" [key of ").append(key.length).append(" bytes not kept]");
      key = null;
    }
    if (value != null && value.length > MAX_VALUE_BYTES) {
      why.append(" [value of ").append(value.length).append(" bytes not kept]");
      value = null;
    }
    return DeadLetter.newBuilder()
        .setSourceTopic(record.topic)
        .setSourcePartition(record.partition)
        .setSourceOffset(record.offset)
        .setSourceTimestamp(record.timestamp < 0 ? null : Instant.ofEpochMilli(record.timestamp))
        .setReason(reason)
        .setDetail(why.toString())
        .setFailedBy(failedBy)
        .setFailedTime(Instant.now())
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .build();
  }

  /**
   * A frame older than what its camera's event-time ordering had already tracked. It was admitted
   * and decoded, so its Kafka coordinates are no longer at hand: the letter names camera, frame and
   * times.
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
                + " arrived after its camera's event time had passed it (raise scoring.watermark.out-of-orderness to wait longer)")
        .setFailedBy(failedBy)
        .setFailedTime(Instant.now())
        .setKey(ByteBuffer.wrap(camera.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** The detail as a log line may hold it: no control characters, at most MAX_DETAIL_CHARS. */
  static String bounded(String detail) {
    if (detail == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(detail.length(), MAX_DETAIL_CHARS));
    for (int i = 0; i < detail.length() && out.length() < MAX_DETAIL_CHARS; i++) {
      char c = detail.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (detail.length() > MAX_DETAIL_CHARS) {
      out.append("… (").append(detail.length()).append(" characters)");
    }
    return out.toString();
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
