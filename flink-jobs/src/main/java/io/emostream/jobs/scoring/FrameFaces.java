package io.emostream.jobs.scoring;

/**
 * The faces of one frame, encoded once by the model in use (frames without faces too: they move a
 * camera's tracks forward in time). A Flink POJO.
 */
public class FrameFaces {
  public String cameraId;
  public String sessionId;
  public long sequence;
  public long captureTimeMillis;
  public String modelVersion;

  /**
   * Directory of the model's bundle, or null for the built-in one; the clip head loads the same
   * model.
   */
  public String modelBundle;

  public FaceObservation[] faces;

  /**
   * The consented purpose when this stream's faces may be kept for training (its faces then carry
   * crops); null otherwise.
   */
  public String trainingPurpose;

  public FrameFaces() {}

  @Override
  public String toString() {
    return "FrameFaces{"
        + cameraId
        + "#"
        + sequence
        + " @"
        + captureTimeMillis
        + ", "
        + (faces == null ? 0 : faces.length)
        + " faces}";
  }
}
