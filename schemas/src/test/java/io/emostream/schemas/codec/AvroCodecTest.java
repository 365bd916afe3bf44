package io.emostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.TestRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {
  private final AvroCodec<FrameEvent> frames = AvroCodec.of(FrameEvent.class);

  static Iterable<Object> oneOfEach() {
    return TestRecords.oneOfEach();
  }

  @ParameterizedTest
  @MethodSource("oneOfEach")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void roundTripsEveryContract(Object record) throws Exception {
    AvroCodec codec = AvroCodec.of(((SpecificRecord) record).getClass());

    byte[] bytes = codec.encode((SpecificRecord) record);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3); // single-object marker
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(codec.decode(bytes)).isEqualTo(record);
  }

  @Test
  void writesTheSchemaFingerprintAfterTheMarker() {
    byte[] bytes = frames.encode(TestRecords.inlineFrame("cam-1", 1));

    long fingerprint = 0;
    for (int i = 9; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF); // little-endian
    }
    assertThat(fingerprint).isEqualTo(frames.fingerprint());
  }

  @Test
  void rejectsBytesThatAreNotSingleObjectEncoded() {
    assertThatThrownBy(() -> frames.decode("{\"camera\":\"cam-1\"}".getBytes()))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AVRO_SINGLE_OBJECT))
        .hasMessageContaining("not Avro single-object encoding");
  }

  @Test
  void rejectsARecordOfAnotherTypeNamingTheExpectedOne() {
    byte[] score = AvroCodec.of(EmotionScore.class).encode(TestRecords.score());

    assertThatThrownBy(() -> frames.decode(score))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
        .hasMessageContaining("io.emostream.schemas.event.FrameEvent");
  }

  @Test
  void rejectsATruncatedBody() {
    byte[] bytes = frames.encode(TestRecords.inlineFrame("cam-1", 1));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 6);

    assertThatThrownBy(() -> frames.decode(truncated))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_RECORD))
        .hasMessageContaining("malformed FrameEvent body");
  }

  @Test
  void rejectsATombstone() {
    assertThatThrownBy(() -> frames.decode(null))
        .isInstanceOf(RecordDecodeException.class)
        .hasMessageContaining("tombstone");
  }

  @Test
  void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(frames);
    }
    @SuppressWarnings("unchecked")
    AvroCodec<FrameEvent> copy =
        (AvroCodec<FrameEvent>)
            new ObjectInputStream(new ByteArrayInputStream(out.toByteArray())).readObject();

    FrameEvent frame = TestRecords.claimCheckFrame("cam-9", 5);
    assertThat(copy.decode(frames.encode(frame))).isEqualTo(frame);
  }

  /**
   * A frame of a few dozen bytes whose body declares 2^31 - 9 face boxes (or a 2 GiB camera id).
   */
  @Test
  void deadLettersABodyThatDeclaresMoreThanItCanHoldInsteadOfRunningOutOfMemory() {
    FrameEvent frame =
        FrameEvent.newBuilder(TestRecords.inlineFrame("c", 1)).setFaces(List.of()).build();
    byte[] bytes = frames.encode(frame);
    int header = 10; // marker + fingerprint; camera_id's length comes first in the body
    assertThat(bytes[header]).isEqualTo((byte) 2); // zigzag 1: the length of "c"

    byte[] hugeString = withVarint(bytes, header, (1L << 31) - 9);
    assertThatThrownBy(() -> frames.decode(hugeString))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_RECORD))
        .hasMessageContaining("String length 2147483639 exceeds maximum allowed");
    byte[] beyondTheJvm = withVarint(bytes, header, 1L << 40);
    assertThatThrownBy(() -> frames.decode(beyondTheJvm))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_RECORD));

    int emptyFaces =
        lastIndexOfPair(bytes, (byte) 2, (byte) 0) + 1; // union branch 1 (array), count 0
    byte[] hugeArray = withVarint(bytes, emptyFaces, (1L << 31) - 9);
    assertThatThrownBy(() -> frames.decode(hugeArray))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_RECORD))
        .hasMessageContaining("Collection length 2147483639 exceeds the maximum allowed of 10000");
  }

  /**
   * {@code bytes} with the one-byte varint at {@code at} replaced by the zigzag varint of {@code
   * n}.
   */
  private static byte[] withVarint(byte[] bytes, int at, long n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    long z = n << 1;
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    out.write(bytes, at + 1, bytes.length - at - 1);
    return out.toByteArray();
  }

  private static int lastIndexOfPair(byte[] bytes, byte a, byte b) {
    for (int i = bytes.length - 2; i >= 0; i--) {
      if (bytes[i] == a && bytes[i + 1] == b) {
        return i;
      }
    }
    throw new AssertionError("no " + a + "," + b + " in the record");
  }
}
