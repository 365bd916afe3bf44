package io.emostream.model.image;

/** face-api's {@code padToSquare}: zeros (black, before mean subtraction) on the shorter axis. */
public final class SquarePadding {
  private SquarePadding() {}

  /**
   * Centred padding (the expression net's): {@code after = round(diff / 2)} (halves up, as JS's
   * Math.round), {@code before = diff - after}, so the odd extra row or column goes after.
   */
  public static RgbImage centred(RgbImage image) {
    int diff = Math.abs(image.height() - image.width());
    int after = (int) Math.floor(diff * 0.5 + 0.5);
    return pad(image, diff - after);
  }

  /** All padding after the image: bottom rows or right columns (the detector's). */
  public static RgbImage bottomRight(RgbImage image) {
    return pad(image, 0);
  }

  private static RgbImage pad(RgbImage image, int before) {
    int w = image.width();
    int h = image.height();
    if (w == h) {
      return image;
    }
    int side = Math.max(w, h);
    float[] out = new float[side * side * 3];
    int dx = w < h ? before : 0;
    int dy = h < w ? before : 0;
    for (int r = 0; r < h; r++) {
      System.arraycopy(image.hwc(), r * w * 3, out, ((r + dy) * side + dx) * 3, w * 3);
    }
    return new RgbImage(side, side, out);
  }
}
