package io.emostream.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * A BufferedImage's pixels as packed RGB bytes (HWC). Reads the raster directly for the layouts
 * ImageIO's decoders produce (3-byte BGR for JPEG, int RGB, 4-byte ABGR): {@code getRGB} converts
 * each pixel through the colour model and cost more than decoding the JPEG itself.
 */
public final class RgbPixels {
  private RgbPixels() {}

  public static byte[] of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[w * h * 3];
    boolean wholeRaster = image.getRaster().getParent() == null && image.getRaster().getMinX() == 0 && image.getRaster().getMinY() == 0;
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
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w); // any other layout: the general, slow path
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
