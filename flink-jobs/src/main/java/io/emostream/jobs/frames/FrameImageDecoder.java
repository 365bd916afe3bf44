package io.emostream.jobs.frames;

import io.emostream.model.Digests;
import io.emostream.model.image.RgbFrame;
import io.emostream.schemas.event.ClaimCheck;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;

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
   * The pixels of an already fetched payload (see {@link #payload}). JPEG goes through {@code fast}
   * (FFmpeg) when given; whatever it cannot decode is decoded by ImageIO, which rejects it with the
   * precise reason. Raw frames are copied as they are.
   */
  public RgbFrame decode(FrameEvent frame, byte[] bytes, FfmpegJpegDecoder fast)
      throws FrameRejectedException {
    checkDeclaredSize(frame);
    if (fast != null && frame.getEncoding() == FrameEncoding.JPEG) {
      try {
        RgbFrame rgb = fast.decode(bytes, maxSide);
        checkActualSize(frame, rgb.width(), rgb.height());
        return rgb;
      } catch (IOException e) {
        // fall through to ImageIO: it decodes what FFmpeg refuses, or says exactly what is wrong
      }
    }
    int w = frame.getWidth();
    int h = frame.getHeight();
    RgbFrame image =
        switch (frame.getEncoding()) {
          case JPEG, PNG -> RgbFrame.of(compressed(bytes, frame));
          case RAW_RGB24 -> new RgbFrame(w, h, rawBytes(bytes, w, h, 3));
          case RAW_GRAY8 -> new RgbFrame(w, h, grayToRgb(rawBytes(bytes, w, h, 1)));
        };
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
          DeadLetterReason.CLAIM_CHECK_UNREADABLE, "bad claim-check URI: " + e.getMessage());
    }
    BlobReader reader =
        blobReaders.stream()
            .filter(r -> r.supports(uri.getScheme()))
            .findFirst()
            .orElseThrow(
                () ->
                    new FrameRejectedException(
                        DeadLetterReason.CLAIM_CHECK_UNREADABLE,
                        "no blob reader for scheme '" + uri.getScheme() + "'"));
    byte[] bytes;
    try {
      bytes = reader.read(uri, maxPayloadBytes);
    } catch (IOException | RuntimeException e) {
      throw new FrameRejectedException(
          DeadLetterReason.CLAIM_CHECK_UNREADABLE, "cannot read " + uri + ": " + e.getMessage(), e);
    }
    if (bytes.length != claim.getSizeBytes()) {
      throw new FrameRejectedException(
          DeadLetterReason.CLAIM_CHECK_UNREADABLE,
          uri + " holds " + bytes.length + " bytes, the event says " + claim.getSizeBytes());
    }
    if (claim.getSha256() != null && !claim.getSha256().equalsIgnoreCase(Digests.sha256(bytes))) {
      throw new FrameRejectedException(
          DeadLetterReason.CLAIM_CHECK_UNREADABLE, uri + " does not match the event's sha256");
    }
    return bytes;
  }

  private static BufferedImage compressed(byte[] bytes, FrameEvent frame)
      throws FrameRejectedException {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new FrameRejectedException(
            DeadLetterReason.UNDECODABLE_IMAGE,
            "not a readable " + frame.getEncoding() + " image (" + bytes.length + " bytes)");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      // ImageIO reports truncated or corrupt streams as IIOException or, sometimes, runtime
      // exceptions.
      throw new FrameRejectedException(
          DeadLetterReason.UNDECODABLE_IMAGE,
          frame.getEncoding() + " decode failed: " + e.getMessage(),
          e);
    }
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
