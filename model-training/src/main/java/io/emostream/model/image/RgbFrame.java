package io.emostream.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * A decoded frame: packed 8-bit RGB, row-major HWC ({@code width * height * 3} bytes). The one
 * pixel type between decoders and models; {@link #toImage} and {@link #crop} give the float {@link
 * RgbImage}s the networks take.
 */
public record RgbFrame(int width, int height, byte[] rgb) {

  public RgbFrame {
    if (width < 1 || height < 1 || rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "RgbFrame "
              + width
              + "x"
              + height
              + " needs "
              + (long) width * height * 3
              + " bytes, got "
              + rgb.length);
    }
  }

  /**
   * A BufferedImage's pixels; alpha is dropped, gray is expanded. Reads the raster directly for the
   * layouts ImageIO's decoders produce (3-byte BGR for JPEG, int RGB, 4-byte ABGR): {@code getRGB}
   * converts each pixel through the colour model and cost more than decoding the JPEG itself.
   */
  public static RgbFrame of(BufferedImage image) {
    return new RgbFrame(image.getWidth(), image.getHeight(), packed(image));
  }

  /** The whole frame as floats 0..255. */
  public RgbImage toImage() {
    float[] hwc = new float[rgb.length];
    for (int i = 0; i < hwc.length; i++) {
      hwc[i] = rgb[i] & 0xFF;
    }
    return new RgbImage(width, height, hwc);
  }

  /**
   * The crop [x, x+w) × [y, y+h) as floats, converting only the crop's pixels (a face is a few
   * percent of a frame). Same result as {@code toImage().crop(...)}.
   */
  public RgbImage crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop [" + x + "," + y + "," + w + "," + h + "] is outside " + width + "x" + height);
    }
    float[] out = new float[w * h * 3];
    for (int r = 0; r < h; r++) {
      int from = ((y + r) * width + x) * 3;
      int to = r * w * 3;
      for (int i = 0; i < w * 3; i++) {
        out[to + i] = rgb[from + i] & 0xFF;
      }
    }
    return new RgbImage(w, h, out);
  }

  private static byte[] packed(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[w * h * 3];
    boolean wholeRaster =
        image.getRaster().getParent() == null
            && image.getRaster().getMinX() == 0
            && image.getRaster().getMinY() == 0;
    switch (wholeRaster ? image.getType() : BufferedImage.TYPE_CUSTOM) {
      case BufferedImage.TYPE_3BYTE_BGR -> {
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
          rgb[3 * i] = bgr[3 * i + 2];
          rgb[3 * i + 1] = bgr[3 * i + 1];
          rgb[3 * i + 2] = bgr[3 * i];
        }
      }
      case BufferedImage.TYPE_4BYTE_ABGR -> {
        byte[] abgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
          rgb[3 * i] = abgr[4 * i + 3];
          rgb[3 * i + 1] = abgr[4 * i + 2];
          rgb[3 * i + 2] = abgr[4 * i + 1];
        }
      }
      case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
        int[] packed = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
          rgb[3 * i] = (byte) (packed[i] >> 16);
          rgb[3 * i + 1] = (byte) (packed[i] >> 8);
          rgb[3 * i + 2] = (byte) packed[i];
        }
      }
      default -> {
        int[] argb =
            image.getRGB(0, 0, w, h, null, 0, w); // any other layout: the general, slow path
        for (int i = 0; i < argb.length; i++) {
          rgb[3 * i] = (byte) (argb[i] >> 16);
          rgb[3 * i + 1] = (byte) (argb[i] >> 8);
          rgb[3 * i + 2] = (byte) argb[i];
        }
      }
    }
    return rgb;
  }
}
