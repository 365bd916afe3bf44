package io.emostream.model.data;

/**
 * A training or evaluation clip held in memory: T square RGB frames at the model's input size
 * ({@code size × size × 3} bytes each, face padded to a square and resized as the scoring job
 * does), its soft label (vote fractions, EmoStream's class order) and its single label.
 */
public record Clip(String id, byte[][] frames, float[] softLabel, int label) {

  public Clip {
    if (frames.length == 0) {
      throw new IllegalArgumentException(id + ": a clip needs frames");
    }
    if (softLabel.length != ExpressionClasses.COUNT) {
      throw new IllegalArgumentException(
          id
              + ": a soft label has "
              + ExpressionClasses.COUNT
              + " values, got "
              + softLabel.length);
    }
    if (label < 0 || label >= ExpressionClasses.COUNT) {
      throw new IllegalArgumentException(
          id
              + ": label must be a class index 0.."
              + (ExpressionClasses.COUNT - 1)
              + ", got "
              + label);
    }
  }

  /** The majority vote (the soft label's arg-max); ties go to the lower class index. */
  public int majority() {
    return ExpressionClasses.argmax(softLabel);
  }
}
