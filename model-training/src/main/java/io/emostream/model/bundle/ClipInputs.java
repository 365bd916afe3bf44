package io.emostream.model.bundle;

import io.emostream.model.image.LegacyBilinearResize;
import io.emostream.model.image.RgbImage;
import io.emostream.model.image.SquarePadding;
import java.util.List;

/** Builds a {@code [N, T, S, S, 3]} batch from face crops as an {@link InputSpec} describes. */
final class ClipInputs {
  private ClipInputs() {}

  /**
   * Clips shorter or longer than T are resampled to T frames by nearest index, so every clip fills
   * the model's fixed time axis.
   */
  static float[] batch(List<List<RgbImage>> clips, InputSpec spec) {
    int t = spec.frames();
    int s = spec.size();
    int frameValues = s * s * 3;
    float[] out = new float[clips.size() * t * frameValues];
    float[] mean = {spec.mean().get(0).floatValue(), spec.mean().get(1).floatValue(), spec.mean().get(2).floatValue()};
    int at = 0;
    for (List<RgbImage> clip : clips) {
      if (clip.isEmpty()) {
        throw new IllegalArgumentException("a clip needs at least one frame");
      }
      for (int i = 0; i < t; i++) {
        RgbImage crop = clip.get((int) ((long) i * clip.size() / t));
        RgbImage square = "centred-zeros".equals(spec.padding()) ? SquarePadding.centred(crop) : crop;
        float[] v = LegacyBilinearResize.resize(square, s, s).hwc();
        for (int j = 0; j < v.length; j++) {
          out[at + j] = (float) ((v[j] - mean[j % 3]) / spec.scale());
        }
        at += frameValues;
      }
    }
    return out;
  }
}
