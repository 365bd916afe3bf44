package io.emostream.jobs.frames;

import io.emostream.model.sample.SampleFrames;
import io.emostream.schemas.event.ClaimCheck;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.StreamConsent;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Frames for tests, made from real JPEGs of a real face ({@link SampleFrames}). */
public final class FrameEvents {
  private static final List<byte[]> JPEGS = SampleFrames.jpegLoop(4, 0, 0.8f);

  private FrameEvents() {}

  public static byte[] jpeg(long seq) {
    return JPEGS.get((int) (seq % JPEGS.size()));
  }

  /** A valid 512x512 JPEG frame of a consenting stream. */
  public static FrameEvent frame(String camera, long seq, Instant at) {
    return FrameEvent.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTime(at)
        .setWidth(SampleFrames.SIDE)
        .setHeight(SampleFrames.SIDE)
        .setEncoding(FrameEncoding.JPEG)
        .setPayload(ByteBuffer.wrap(jpeg(seq)))
        .setConsent(new StreamConsent(ConsentScope.ANALYTICS, "test"))
        .build();
  }

  /** Two copies of the portrait side by side (1024x512): two faces in one frame. */
  public static FrameEvent twoFaces(String camera, long seq, Instant at) {
    BufferedImage left = SampleFrames.transformed(SampleFrames.portrait(), 1.0, 3 * (seq % 4), 0);
    BufferedImage both = new BufferedImage(1024, 512, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.drawImage(left, 0, 0, null);
    g.drawImage(left, 512, 0, null);
    g.dispose();
    return FrameEvent.newBuilder(frame(camera, seq, at))
        .setWidth(1024)
        .setPayload(ByteBuffer.wrap(SampleFrames.jpeg(both, 0.85f)))
        .build();
  }

  public static FrameEvent truncatedJpeg(String camera, long seq, Instant at) {
    byte[] whole = jpeg(seq);
    return FrameEvent.newBuilder(frame(camera, seq, at))
        .setPayload(ByteBuffer.wrap(Arrays.copyOf(whole, 600)))
        .build();
  }

  public static FrameEvent wrongSize(String camera, long seq, Instant at) {
    return FrameEvent.newBuilder(frame(camera, seq, at)).setWidth(640).build();
  }

  public static FrameEvent withoutConsent(String camera, long seq, Instant at) {
    return FrameEvent.newBuilder(frame(camera, seq, at))
        .setConsent(new StreamConsent(ConsentScope.NONE, "none"))
        .build();
  }

  public static FrameEvent claimChecked(
      String camera, long seq, Instant at, String uri, long size, String sha256) {
    return FrameEvent.newBuilder(frame(camera, seq, at))
        .setPayload(new ClaimCheck(uri, size, sha256))
        .build();
  }
}
