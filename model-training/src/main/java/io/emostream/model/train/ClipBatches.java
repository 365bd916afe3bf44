package io.emostream.model.train;

import io.emostream.model.data.Clip;
import io.emostream.model.data.ExpressionClasses;
import io.emostream.model.image.MeanNormalization;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Packs clips into the model's input {@code [B, T, S, S, 3]}, normalised as the trained bundle
 * declares ({@code (rgb − EXPRESSION_MEAN) / 255}), and targets {@code [B, 7]}.
 */
final class ClipBatches {
  static final float SCALE = 255f;

  private ClipBatches() {}

  /**
   * @param random draws each clip's spatial augmentation; null for none (evaluation)
   */
  static float[] inputs(
      List<Clip> clips, int size, SpatialAugmentation augmentation, SplittableRandom random) {
    int frames = clips.get(0).frames().length;
    int frameValues = size * size * 3;
    float[] out = new float[clips.size() * frames * frameValues];
    int at = 0;
    for (Clip clip : clips) {
      SpatialAugmentation.Draw d =
          random == null ? SpatialAugmentation.Draw.NONE : augmentation.draw(random);
      for (byte[] frame : clip.frames()) {
        SpatialAugmentation.apply(
            frame, size, d, MeanNormalization.EXPRESSION_MEAN, SCALE, out, at);
        at += frameValues;
      }
    }
    return out;
  }

  static float[] targets(List<Clip> clips, LabelMode mode) {
    float[] out = new float[clips.size() * ExpressionClasses.COUNT];
    for (int i = 0; i < clips.size(); i++) {
      System.arraycopy(
          mode.target(clips.get(i)), 0, out, i * ExpressionClasses.COUNT, ExpressionClasses.COUNT);
    }
    return out;
  }
}
