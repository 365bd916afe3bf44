package io.emostream.jobs.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEvent;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameAdmissionFunctionTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final AvroCodec<FrameEvent> CODEC = AvroCodec.of(FrameEvent.class);

  private OneInputStreamOperatorTestHarness<KafkaRecordBytes, DecodedFrame> harness;
  private long offset;

  @TempDir Path dir;

  @BeforeEach
  void open() throws Exception {
    FrameImageDecoder decoder =
        new FrameImageDecoder(
            List.of(new FileBlobReader(List.of(dir.resolve("store").toString()))), 1 << 20, 4096);
    FrameAdmissionFunction fn =
        new FrameAdmissionFunction(
            decoder,
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            32,
            Clock.fixed(NOW, ZoneOffset.UTC));
    harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(fn));
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private KafkaRecordBytes record(byte[] value) {
    return new KafkaRecordBytes(
        "frames", 2, offset++, NOW.toEpochMilli(), "cam-1".getBytes(), value);
  }

  private void send(FrameEvent frame) throws Exception {
    harness.processElement(new StreamRecord<>(record(CODEC.encode(frame))));
  }

  private List<DeadLetter> deadLetters() {
    return harness.getSideOutput(DeadLetters.TAG) == null
        ? List.of()
        : harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void admitsAGoodFrameWithItsMetadata() throws Exception {
    send(FrameEvents.frame("cam-1", 7, NOW.minusSeconds(1)));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.cameraId).isEqualTo("cam-1");
              assertThat(f.sequence).isEqualTo(7);
              assertThat(f.captureTimeMillis).isEqualTo(NOW.minusSeconds(1).toEpochMilli());
              assertThat(f.width).isEqualTo(512);
              assertThat(f.payloadBytes).isEqualTo(FrameEvents.jpeg(7).length);
            });
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void deadLettersARecordThatIsNotAFrameKeepingItsBytesAndCoordinates() throws Exception {
    byte[] garbage = "hello".getBytes();
    harness.processElement(new StreamRecord<>(record(garbage)));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getReason()).isEqualTo(DeadLetterReason.NOT_AVRO_SINGLE_OBJECT);
              assertThat(d.getSourceTopic()).isEqualTo("frames");
              assertThat(d.getSourcePartition()).isEqualTo(2);
              assertThat(d.getSourceOffset()).isEqualTo(0);
              assertThat(d.getValue()).isEqualTo(ByteBuffer.wrap(garbage));
              assertThat(d.getFailedBy()).isEqualTo(FrameAdmissionFunction.OPERATOR);
            });
  }

  @Test
  void dropsFramesWithoutConsentBeforeDecodingAndKeepsNothing() throws Exception {
    send(FrameEvents.withoutConsent("cam-1", 1, NOW));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters()).isEmpty(); // a dead letter would keep the image
  }

  @Test
  void deadLettersFarFutureAndNegativeCaptureTimes() throws Exception {
    send(FrameEvents.frame("cam-1", 1, NOW.plus(Duration.ofMinutes(5))));
    send(FrameEvents.frame("cam-1", 2, Instant.ofEpochMilli(-5)));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters())
        .extracting(DeadLetter::getReason)
        .containsExactly(DeadLetterReason.INVALID_FRAME, DeadLetterReason.INVALID_FRAME);
    assertThat(deadLetters().get(0).getDetail()).contains("more than PT1M ahead");
  }

  @Test
  void deadLettersUndecodableImagesNamingCameraAndFrame() throws Exception {
    send(FrameEvents.truncatedJpeg("cam-1", 4, NOW));
    send(FrameEvents.frame("cam-1", 5, NOW));

    assertThat(harness.extractOutputValues()).extracting(f -> f.sequence).containsExactly(5L);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE_IMAGE);
              assertThat(d.getDetail()).startsWith("camera cam-1 frame 4:");
            });
  }

  @Test
  void deadLettersAFrameWhoseRecordTimestampIsNotItsCaptureTime() throws Exception {
    FrameEvent frame = FrameEvents.frame("cam-1", 3, NOW.minus(Duration.ofMinutes(10)));
    // record(...) stamps the record with NOW: ten minutes after the capture time
    harness.processElement(new StreamRecord<>(record(CODEC.encode(frame))));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getReason()).isEqualTo(DeadLetterReason.INVALID_FRAME);
              assertThat(d.getDetail())
                  .contains(
                      "is not the capture time",
                      "producers must set the record timestamp to the capture time");
            });
  }

  /** Every record of the fuzz corpus gets its documented outcome, and a good frame still passes. */
  @Test
  void everyHostileRecordOfTheCorpusIsDeadLetteredWithItsReasonOrDropped() throws Exception {
    List<HostileFrames.Hostile> corpus =
        HostileFrames.corpus(NOW, dir.resolve("store"), dir.resolve("elsewhere"), 1 << 20);
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
    SoftAssertions softly = new SoftAssertions();
    for (HostileFrames.Hostile h : corpus) {
      int before = deadLetters().size();
      harness.processElement(
          new StreamRecord<>(
              new KafkaRecordBytes("frames", 0, offset++, h.timestamp(), h.key(), h.value())));
      List<DeadLetter> letters = deadLetters();
      String what = h.category() + ": " + h.name();
      if (h.expected() == null) {
        softly.assertThat(letters.size()).as(what).isEqualTo(before);
      } else {
        softly.assertThat(letters.size()).as(what + " is dead-lettered").isEqualTo(before + 1);
        if (letters.size() == before + 1) {
          DeadLetter d = letters.get(before);
          softly.assertThat(d.getReason()).as(what + ": " + d.getDetail()).isEqualTo(h.expected());
          softly
              .assertThat(d.getDetail())
              .as(what)
              .doesNotContain("root:")
              .doesNotContainPattern("\\p{Cntrl}");
          softly.assertThat(d.getDetail().length()).as(what).isLessThan(5000);
        }
      }
    }
    softly.assertThat(harness.extractOutputValues()).as("admitted").isEmpty();
    softly.assertAll();

    send(FrameEvents.frame("cam-1", 7, NOW.minusSeconds(1)));
    assertThat(harness.extractOutputValues()).hasSize(1);
  }
}
