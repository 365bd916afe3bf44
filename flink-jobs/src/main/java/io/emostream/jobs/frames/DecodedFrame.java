package io.emostream.jobs.frames;

/**
 * A frame that passed admission and decoded. Carries what downstream operators need about it, not
 * its pixels (no operator needs them yet; face detection will add crops at model resolution).
 * A Flink POJO.
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

  public DecodedFrame() {}

  @Override
  public String toString() {
    return "DecodedFrame{" + cameraId + "#" + sequence + " " + width + "x" + height + " @" + captureTimeMillis + "}";
  }
}
