package io.emostream.jobs.scoring;

import io.emostream.model.translate.FaceDetection;

/**
 * One face in one frame: its box in pixels, the detector's score, the model's per-frame features,
 * and its crop when it may be kept for training. A Flink POJO.
 */
public class FaceObservation {
  public double x;
  public double y;
  public double width;
  public double height;
  public double score;
  public float[] features;

  /**
   * The crop at model resolution as JPEG, only for streams whose consent covers training; else
   * null.
   */
  public byte[] crop;

  public FaceObservation() {}

  public FaceObservation(FaceDetection box, float[] features) {
    this(box.x(), box.y(), box.width(), box.height(), box.score(), features);
  }

  public FaceObservation(
      double x, double y, double width, double height, double score, float[] features) {
    this.x = x;
    this.y = y;
    this.width = width;
    this.height = height;
    this.score = score;
    this.features = features;
  }

  double iou(FaceObservation o) {
    double ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
    double iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
    double inter = ix * iy;
    double union = width * height + o.width * o.height - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
