package io.emostream.model.train;

import java.util.SplittableRandom;

/**
 * Random crop (a shift of up to {@code maxShift} pixels each way, edges replicated) and horizontal
 * flip, drawn once per clip and applied to all its frames alike, so motion stays coherent. Applies
 * to every label mode alike.
 */
public record SpatialAugmentation(int maxShift, boolean flip) {

  public static final SpatialAugmentation NONE = new SpatialAugmentation(0, false);

  /** One clip's draw. */
  public record Draw(int dx, int dy, boolean flip) {
    static final Draw NONE = new Draw(0, 0, false);
  }

  public Draw draw(SplittableRandom random) {
    int dx = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
    int dy = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
    return new Draw(dx, dy, flip && random.nextBoolean());
  }

  /**
   * Writes one normalised, augmented {@code size × size × 3} frame into {@code out} at {@code at}:
   * {@code (rgb − mean) / scale}.
   */
  static void apply(byte[] rgb, int size, Draw d, float[] mean, float scale, float[] out, int at) {
    for (int y = 0; y < size; y++) {
      int sy = Math.min(size - 1, Math.max(0, y + d.dy()));
      for (int x = 0; x < size; x++) {
        int tx = d.flip() ? size - 1 - x : x;
        int sx = Math.min(size - 1, Math.max(0, tx + d.dx()));
        int src = (sy * size + sx) * 3;
        int dst = at + (y * size + x) * 3;
        out[dst] = ((rgb[src] & 0xff) - mean[0]) / scale;
        out[dst + 1] = ((rgb[src + 1] & 0xff) - mean[1]) / scale;
        out[dst + 2] = ((rgb[src + 2] & 0xff) - mean[2]) / scale;
      }
    }
  }
}
