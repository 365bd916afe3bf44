package io.emostream.jobs.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.model.Digests;
import io.emostream.model.image.RgbFrame;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameImageDecoderTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
  @TempDir Path dir;
  private FrameImageDecoder decoder;

  @BeforeEach
  void decoderWithAStore() {
    decoder =
        new FrameImageDecoder(List.of(new FileBlobReader(List.of(dir.toString()))), 1 << 20, 1024);
  }

  @Test
  void decodesARealJpeg() throws Exception {
    RgbFrame image = decoder.decode(FrameEvents.frame("cam", 1, AT));
    assertThat(image.width()).isEqualTo(512);
    assertThat(image.height()).isEqualTo(512);
  }

  @Test
  void decodesRawRgbAndGray() throws Exception {
    FrameEvent rgb =
        FrameEvent.newBuilder(FrameEvents.frame("cam", 1, AT))
            .setWidth(2)
            .setHeight(1)
            .setEncoding(FrameEncoding.RAW_RGB24)
            .setPayload(ByteBuffer.wrap(new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255}))
            .build();
    assertThat(decoder.decode(rgb).rgb()).containsExactly(255, 0, 0, 0, 0, 255);

    FrameEvent gray =
        FrameEvent.newBuilder(rgb)
            .setEncoding(FrameEncoding.RAW_GRAY8)
            .setPayload(ByteBuffer.wrap(new byte[] {7, 9}))
            .build();
    assertThat(decoder.decode(gray).rgb()).containsExactly(7, 7, 7, 9, 9, 9);
  }

  @Test
  void deadLettersATruncatedJpeg() {
    assertRejected(
        () -> decoder.decode(FrameEvents.truncatedJpeg("cam", 1, AT)),
        DeadLetterReason.UNDECODABLE_IMAGE,
        "JPEG");
  }

  @Test
  void deadLettersBytesThatAreNoImage() {
    FrameEvent noise =
        FrameEvent.newBuilder(FrameEvents.frame("cam", 1, AT))
            .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .build();
    assertRejected(
        () -> decoder.decode(noise),
        DeadLetterReason.UNDECODABLE_IMAGE,
        "the bytes are neither JPEG nor PNG (3 bytes)");
  }

  @Test
  void deadLettersAnImageOfAnotherSizeThanDeclared() {
    assertRejected(
        () -> decoder.decode(FrameEvents.wrongSize("cam", 1, AT)),
        DeadLetterReason.INVALID_FRAME,
        "image is 512x512 but the event declares 640x512");
  }

  @Test
  void deadLettersDeclaredSizesBeyondTheLimit() {
    FrameEvent huge =
        FrameEvent.newBuilder(FrameEvents.frame("cam", 1, AT)).setWidth(100_000).build();
    assertRejected(
        () -> decoder.decode(huge),
        DeadLetterReason.INVALID_FRAME,
        "declared size 100000x512 is outside 1..1024");
  }

  @Test
  void deadLettersARawPayloadOfTheWrongLength() {
    FrameEvent raw =
        FrameEvent.newBuilder(FrameEvents.frame("cam", 1, AT))
            .setWidth(2)
            .setHeight(2)
            .setEncoding(FrameEncoding.RAW_GRAY8)
            .setPayload(ByteBuffer.wrap(new byte[3]))
            .build();
    assertRejected(
        () -> decoder.decode(raw),
        DeadLetterReason.INVALID_FRAME,
        "raw payload has 3 bytes, 2x2x1 needs 4");
  }

  @Test
  void deadLettersAnOversizedInlinePayload() {
    FrameImageDecoder small = new FrameImageDecoder(List.of(), 100, 1024);
    assertRejected(
        () -> small.decode(FrameEvents.frame("cam", 1, AT)),
        DeadLetterReason.OVERSIZED,
        "exceeds 100");
  }

  @Test
  void readsAClaimCheckedFrameAndChecksItsDigest() throws Exception {
    byte[] jpeg = FrameEvents.jpeg(3);
    Path blob = Files.write(dir.resolve("3.jpg"), jpeg);

    FrameEvent good =
        FrameEvents.claimChecked(
            "cam", 3, AT, blob.toUri().toString(), jpeg.length, Digests.sha256(jpeg));
    assertThat(decoder.payload(good)).isEqualTo(jpeg);
    assertThat(decoder.decode(good).width()).isEqualTo(512);

    FrameEvent tampered =
        FrameEvents.claimChecked("cam", 3, AT, blob.toUri().toString(), jpeg.length, "00");
    assertRejected(
        () -> decoder.payload(tampered),
        DeadLetterReason.CLAIM_CHECK_UNREADABLE,
        "does not match the event's sha256");
  }

  @Test
  void deadLettersAMissingClaimCheckObject() {
    String uri = dir.resolve("gone.jpg").toUri().toString();
    assertRejected(
        () -> decoder.payload(FrameEvents.claimChecked("cam", 1, AT, uri, 10, null)),
        DeadLetterReason.CLAIM_CHECK_UNREADABLE,
        "no such blob in the claim-check store");
  }

  @Test
  void deadLettersAnUnknownClaimCheckScheme() {
    assertRejected(
        () ->
            decoder.payload(FrameEvents.claimChecked("cam", 1, AT, "s3://bucket/k.jpg", 10, null)),
        DeadLetterReason.CLAIM_CHECK_UNREADABLE,
        "no claim-check store for scheme \"s3\"");
  }

  private static void assertRejected(
      ThrowingCallable call, DeadLetterReason reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
