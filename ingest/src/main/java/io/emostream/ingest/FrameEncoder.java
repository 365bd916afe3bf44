package io.emostream.ingest;

import io.emostream.model.image.Jpeg;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Downscales a frame so its longer side is at most {@code maxSide} (never upscales) and encodes it
 * as JPEG.
 */
final class FrameEncoder {
  private final int maxSide;
  private final float quality;

  FrameEncoder(int maxSide, float quality) {
    if (maxSide < 16 || quality <= 0 || quality > 1) {
      throw new IllegalArgumentException("max side ≥ 16 and JPEG quality in (0, 1] are required");
    }
    this.maxSide = maxSide;
    this.quality = quality;
  }

  BufferedImage scale(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    double f = Math.min(1.0, maxSide / (double) Math.max(w, h));
    if (f == 1.0 && image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image; // already small enough: a same-size redraw costs ~8 ms per 720p frame for
      // nothing
    }
    int tw = Math.max(1, (int) Math.round(w * f));
    int th = Math.max(1, (int) Math.round(h * f));
    BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, tw, th, null);
    g.dispose();
    return out;
  }

  byte[] jpeg(BufferedImage image) {
    return Jpeg.encode(image, quality);
  }
}
