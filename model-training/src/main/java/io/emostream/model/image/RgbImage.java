package io.emostream.model.image;

import java.awt.image.BufferedImage;

/**
 * An RGB image as row-major HWC float values (0..255 for decoded images; resizing keeps fractions).
 * Immutable by convention: operations return new images.
 */
public record RgbImage(int width, int height, float[] hwc) {

  public RgbImage {
    if (width < 1 || height < 1 || hwc.length != width * height * 3) {
      throw new IllegalArgumentException(
          "RgbImage "
              + width
              + "x"
              + height
              + " needs "
              + width * height * 3
              + " values, got "
              + hwc.length);
    }
  }

  /** The image's sRGB pixels; alpha is dropped, gray is expanded. */
  public static RgbImage of(BufferedImage image) {
    return RgbFrame.of(image).toImage();
  }

  /** Rows [y, y+h) and columns [x, x+w); the rectangle must lie inside the image. */
  public RgbImage crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop [" + x + "," + y + "," + w + "," + h + "] is outside " + width + "x" + height);
    }
    float[] out = new float[w * h * 3];
    for (int r = 0; r < h; r++) {
      System.arraycopy(hwc, ((y + r) * width + x) * 3, out, r * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }
}
