package io.emostream.jobs.scoring;

import io.emostream.schemas.event.EmotionScore;

/**
 * A scored clip: its score, and, only when the stream's consent covers training, the clip's JPEG
 * crops and consented purpose for the clip sampler. Crops never reach the scores topic: the score
 * sink takes {@link #score} alone. A Flink POJO.
 */
public class ScoredClip {
  public EmotionScore score;

  /** The clip's face crops at model resolution (JPEG), in time order; null when not kept. */
  public byte[][] crops;

  /** Side of the square crops in pixels (the model's input size). */
  public int cropSize;

  public String trainingPurpose;

  public ScoredClip() {}

  public ScoredClip(EmotionScore score, byte[][] crops, int cropSize, String trainingPurpose) {
    this.score = score;
    this.crops = crops;
    this.cropSize = cropSize;
    this.trainingPurpose = trainingPurpose;
  }

  @Override
  public String toString() {
    return "ScoredClip{"
        + score.getTrackId()
        + " "
        + score.getTopClass()
        + (crops == null ? "" : ", " + crops.length + " crops")
        + "}";
  }
}
