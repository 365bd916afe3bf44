package io.emostream.model.bundle;

import java.util.List;

/**
 * What a clip model takes: {@code frames} face crops per clip, each made square ({@code padding}:
 * {@code centred-zeros} or {@code none}), resized to {@code size}×{@code size} with {@code resize}
 * ({@code tf-legacy-bilinear}), then {@code (x - mean[c]) / scale} per RGB channel. Layout of a
 * batch: {@code [N, T, size, size, 3]} (NTHWC).
 */
public record InputSpec(
    int frames, int size, List<Double> mean, double scale, Padding padding, Resize resize) {

  void validate(String where) throws BundleException {
    if (frames < 1) {
      throw new BundleException(where + ": input.frames must be at least 1, got " + frames);
    }
    if (size < 8) {
      throw new BundleException(where + ": input.size must be at least 8, got " + size);
    }
    if (mean == null || mean.size() != 3) {
      throw new BundleException(where + ": input.mean must hold 3 values (R, G, B), got " + mean);
    }
    if (!(scale > 0)) {
      throw new BundleException(where + ": input.scale must be positive, got " + scale);
    }
    if (padding == null || resize == null) {
      throw new BundleException(where + ": input.padding and input.resize are required");
    }
  }
}
