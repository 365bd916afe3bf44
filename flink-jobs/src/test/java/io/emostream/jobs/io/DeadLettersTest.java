package io.emostream.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.topic.KafkaTopics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void theLargestPossibleDeadLetterFitsTheDeadLetterTopic() {
    byte[] hugeKey = new byte[8 << 20];
    byte[] hugeValue = new byte[12 << 20];
    Arrays.fill(hugeKey, (byte) 'k');
    String hugeDetail = "camera " + "x".repeat(3_000_000);
    DeadLetter letter =
        DeadLetters.of(
            new KafkaRecordBytes("frames", 0, 7, 1L, hugeKey, hugeValue),
            DeadLetterReason.INVALID_IDENTIFIER,
            hugeDetail,
            "test");

    int encoded = AvroCodec.of(DeadLetter.class).encode(letter).length;
    assertThat(encoded)
        .isLessThan(KafkaTopics.bundled().deadLetters().maxMessageBytes() - (64 << 10));
    assertThat(letter.getKey()).isNull();
    assertThat(letter.getValue()).isNull();
    assertThat(letter.getDetail())
        .contains("(3000007 characters)")
        .contains("[key of 8388608 bytes not kept]")
        .contains("[value of 12582912 bytes not kept]");
  }

  @Test
  void aFrameRecordOfTheFramesTopicsLargestSizeIsKeptWhole() {
    int largestFrame = KafkaTopics.bundled().frames().maxMessageBytes();
    assertThat(DeadLetters.MAX_VALUE_BYTES).isGreaterThanOrEqualTo(largestFrame);
    DeadLetter letter =
        DeadLetters.of(
            new KafkaRecordBytes("frames", 0, 7, 1L, "cam-1".getBytes(), new byte[largestFrame]),
            DeadLetterReason.OVERSIZED,
            "too large",
            "test");
    assertThat(letter.getValue().remaining()).isEqualTo(largestFrame);
    assertThat(AvroCodec.of(DeadLetter.class).encode(letter).length)
        .isLessThan(KafkaTopics.bundled().deadLetters().maxMessageBytes());
  }

  @Test
  void detailsCarryNoControlCharacters() {
    assertThat(DeadLetters.bounded("a\nWARN forged\u001b[31m\u0000"))
        .isEqualTo("a WARN forged [31m ");
  }
}
