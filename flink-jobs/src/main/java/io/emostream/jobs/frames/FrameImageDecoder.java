package io.emostream.jobs.frames;

import io.emostream.model.Digests;
import io.emostream.model.image.RgbFrame;
import io.emostream.schemas.event.ClaimCheck;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.Identifiers;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns a {@link FrameEvent}'s payload (inline or behind a claim check) into pixels, checking it
 * against what the event declares. Every problem is a {@link FrameRejectedException} with a reason;
 * nothing here throws on bad input otherwise.
 */
public final class FrameImageDecoder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<BlobReader> blobReaders;
  private final long maxPayloadBytes;
  private final int maxSide;

  /**
   * @param maxPayloadBytes largest image (inline or claim-checked) accepted
   * @param maxSide largest width or height accepted, against decompression bombs
   */
  public FrameImageDecoder(List<BlobReader> blobReaders, long maxPayloadBytes, int maxSide) {
    this.blobReaders = List.copyOf(blobReaders);
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxSide = maxSide;
  }

  /** Decodes the frame's image, fetching the payload first (ImageIO for every format). */
  public RgbFrame decode(FrameEvent frame) throws FrameRejectedException {
    return decode(frame, payload(frame), null);
  }

  /**
   * The pixels of an already fetched payload (see {@link #payload}). A compressed payload's format
   * is sniffed from its bytes and must be the declared one; its header must declare the event's
   * size, and the stream must be complete, all before a pixel is allocated. JPEG goes through
   * {@code fast} (FFmpeg, told to fail on damage) when given; what it refuses is decoded by
   * ImageIO, which may not warn either. Raw frames are copied as they are.
   */
  public RgbFrame decode(FrameEvent frame, byte[] bytes, FfmpegJpegDecoder fast)
      throws FrameRejectedException {
    checkDeclaredSize(frame);
    int w = frame.getWidth();
    int h = frame.getHeight();
    return switch (frame.getEncoding()) {
      case JPEG, PNG -> compressed(frame, bytes, fast);
      case RAW_RGB24 -> new RgbFrame(w, h, rawBytes(bytes, w, h, 3));
      case RAW_GRAY8 -> new RgbFrame(w, h, grayToRgb(rawBytes(bytes, w, h, 1)));
    };
  }

  private static RgbFrame compressed(FrameEvent frame, byte[] bytes, FfmpegJpegDecoder fast)
      throws FrameRejectedException {
    ImageHeader header = ImageHeader.read(bytes);
    if (header.format() != frame.getEncoding()) {
      throw new FrameRejectedException(
          DeadLetterReason.INVALID_FRAME,
          "the event declares " + frame.getEncoding() + " but the bytes are " + header.format());
    }
    checkActualSize(frame, header.width(), header.height());
    if (fast != null && header.format() == FrameEncoding.JPEG) {
      try {
        RgbFrame rgb = fast.decode(bytes, Math.max(header.width(), header.height()));
        checkActualSize(frame, rgb.width(), rgb.height());
        return rgb;
      } catch (IOException e) {
        // ImageIO decodes some files FFmpeg refuses, or says exactly what is wrong
      }
    }
    RgbFrame image = RgbFrame.of(StrictImageIo.read(bytes, header.format()));
    checkActualSize(frame, image.width(), image.height());
    return image;
  }

  private void checkDeclaredSize(FrameEvent frame) throws FrameRejectedException {
    int w = frame.getWidth();
    int h = frame.getHeight();
    if (w <= 0 || h <= 0 || w > maxSide || h > maxSide) {
      throw new FrameRejectedException(
          DeadLetterReason.INVALID_FRAME,
          "declared size " + w + "x" + h + " is outside 1.." + maxSide);
    }
  }

  private static void checkActualSize(FrameEvent frame, int width, int height)
      throws FrameRejectedException {
    if (width != frame.getWidth() || height != frame.getHeight()) {
      throw new FrameRejectedException(
          DeadLetterReason.INVALID_FRAME,
          "image is "
              + width
              + "x"
              + height
              + " but the event declares "
              + frame.getWidth()
              + "x"
              + frame.getHeight());
    }
  }

  /** The image bytes, inline or fetched through the claim check. */
  public byte[] payload(FrameEvent frame) throws FrameRejectedException {
    Object payload = frame.getPayload();
    if (payload instanceof ByteBuffer inline) {
      if (inline.remaining() > maxPayloadBytes) {
        throw new FrameRejectedException(
            DeadLetterReason.OVERSIZED,
            "inline payload of " + inline.remaining() + " bytes exceeds " + maxPayloadBytes);
      }
      ByteBuffer copy = inline.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
    if (payload instanceof ClaimCheck claim) {
      return fetch(claim);
    }
    throw new FrameRejectedException(
        DeadLetterReason.INVALID_FRAME, "payload is neither bytes nor a claim check");
  }

  private byte[] fetch(ClaimCheck claim) throws FrameRejectedException {
    if (claim.getSizeBytes() > maxPayloadBytes) {
      throw new FrameRejectedException(
          DeadLetterReason.OVERSIZED,
          "claim-checked payload of " + claim.getSizeBytes() + " bytes exceeds " + maxPayloadBytes);
    }
    URI uri;
    try {
      uri = new URI(claim.getUri());
    } catch (URISyntaxException e) {
      throw new FrameRejectedException(
          DeadLetterReason.CLAIM_CHECK_UNREADABLE,
          "bad claim-check URI " + Identifiers.printable(claim.getUri()));
    }
    BlobReader reader =
        blobReaders.stream()
            .filter(r -> r.supports(uri.getScheme()))
            .findFirst()
            .orElseThrow(
                () ->
                    new FrameRejectedException(
                        DeadLetterReason.CLAIM_CHECK_UNREADABLE,
                        "no claim-check store for scheme "
                            + Identifiers.printable(uri.getScheme())));
    byte[] bytes;
    try {
      bytes = reader.read(uri, maxPayloadBytes);
    } catch (IOException | RuntimeException e) {
      throw new FrameRejectedException(
          DeadLetterReason.CLAIM_CHECK_UNREADABLE,
          "cannot read " + Identifiers.printable(claim.getUri()) + ": " + e.getMessage());
    }
    if (bytes.length != claim.getSizeBytes()) {
      throw new FrameRejectedException(
          DeadLetterReason.CLAIM_CHECK_UNREADABLE,
          "the blob holds " + bytes.length + " bytes, the event says " + claim.getSizeBytes());
    }
    if (claim.getSha256() != null && !claim.getSha256().equalsIgnoreCase(Digests.sha256(bytes))) {
      throw new FrameRejectedException(
          DeadLetterReason.CLAIM_CHECK_UNREADABLE, "the blob does not match the event's sha256");
    }
    return bytes;
  }

  private static byte[] rawBytes(byte[] bytes, int w, int h, int channels)
      throws FrameRejectedException {
    long expected = (long) w * h * channels;
    if (bytes.length != expected) {
      throw new FrameRejectedException(
          DeadLetterReason.INVALID_FRAME,
          "raw payload has "
              + bytes.length
              + " bytes, "
              + w
              + "x"
              + h
              + "x"
              + channels
              + " needs "
              + expected);
    }
    return bytes;
  }

  private static byte[] grayToRgb(byte[] gray) {
    byte[] rgb = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      rgb[3 * i] = gray[i];
      rgb[3 * i + 1] = gray[i];
      rgb[3 * i + 2] = gray[i];
    }
    return rgb;
  }
}
