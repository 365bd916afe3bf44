package io.emostream.jobs.frames;

import io.emostream.model.image.RgbFrame;
import io.emostream.model.translate.FaceDetection;
import io.emostream.schemas.event.ConsentScope;
import java.util.List;

/**
 * A frame that passed admission and decoded: its metadata, its pixels (RGB, row-major HWC, one byte
 * per channel) for face detection, and edge-detected face boxes when the device sent them. A Flink
 * POJO; {@code toString} never shows pixels.
 */
public class DecodedFrame {
  public String cameraId;
  public String sessionId;
  public long sequence;
  public long captureTimeMillis;
  public int width;
  public int height;
  public int payloadBytes;
  public long decodedAtMillis;

  /** The stream's consent: whether its faces may be kept for training depends on it. */
  public ConsentScope consentScope;

  public String consentPurpose;

  /** The pixels (null in {@link #metadataOnly} copies). */
  public RgbFrame pixels;

  /** Faces the edge device found, in pixels; null if it did not detect (the job then does). */
  public List<FaceDetection> edgeFaces;

  public DecodedFrame() {}

  /**
   * A copy without pixels and boxes, for operators that need only the metadata (cheap to shuffle).
   */
  public DecodedFrame metadataOnly() {
    DecodedFrame m = new DecodedFrame();
    m.cameraId = cameraId;
    m.sessionId = sessionId;
    m.sequence = sequence;
    m.captureTimeMillis = captureTimeMillis;
    m.width = width;
    m.height = height;
    m.payloadBytes = payloadBytes;
    m.decodedAtMillis = decodedAtMillis;
    return m;
  }

  @Override
  public String toString() {
    return "DecodedFrame{"
        + cameraId
        + "#"
        + sequence
        + " "
        + width
        + "x"
        + height
        + " @"
        + captureTimeMillis
        + "}";
  }
}
