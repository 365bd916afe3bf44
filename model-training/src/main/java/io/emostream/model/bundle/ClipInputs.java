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
    float[] mean = mean(spec);
    int at = 0;
    for (List<RgbImage> clip : clips) {
      if (clip.isEmpty()) {
        throw new IllegalArgumentException("a clip needs at least one frame");
      }
      for (int i = 0; i < t; i++) {
        frame(clip.get((int) ((long) i * clip.size() / t)), spec, mean, out, at);
        at += frameValues;
      }
    }
    return out;
  }

  /** {@code [N, S, S, 3]} from single crops, for per-frame encoders. */
  static float[] frames(List<RgbImage> crops, InputSpec spec) {
    int frameValues = spec.size() * spec.size() * 3;
    float[] out = new float[crops.size() * frameValues];
    float[] mean = mean(spec);
    for (int i = 0; i < crops.size(); i++) {
      frame(crops.get(i), spec, mean, out, i * frameValues);
    }
    return out;
  }

  private static float[] mean(InputSpec spec) {
    return new float[] {
      spec.mean().get(0).floatValue(),
      spec.mean().get(1).floatValue(),
      spec.mean().get(2).floatValue()
    };
  }

  private static void frame(RgbImage crop, InputSpec spec, float[] mean, float[] out, int at) {
    RgbImage square = spec.padding() == Padding.CENTRED_ZEROS ? SquarePadding.centred(crop) : crop;
    float[] v = LegacyBilinearResize.resize(square, spec.size(), spec.size()).hwc();
    for (int j = 0; j < v.length; j++) {
      out[at + j] = (float) ((v[j] - mean[j % 3]) / spec.scale());
    }
  }
}
