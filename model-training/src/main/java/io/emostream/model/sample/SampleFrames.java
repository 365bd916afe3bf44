package io.emostream.model.sample;

import io.emostream.model.image.Jpeg;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real JPEG frames of a real face for the demo and tests: the public-domain NASA portrait of Eileen
 * Collins (see io/emostream/model/sample/ASTRONAUT-NOTICE.txt), moved by small shifts and zooms as
 * a person in front of a camera would move.
 */
public final class SampleFrames {
  public static final int SIDE = 512;
  private static final String RESOURCE = "/io/emostream/model/sample/astronaut.png";

  private SampleFrames() {}

  public static BufferedImage portrait() {
    try (InputStream in = SampleFrames.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return ImageIO.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A loop of {@code count} JPEG frames; frame {@code i} is the portrait shifted and zoomed along a
   * smooth cycle, phase-shifted per camera so cameras differ.
   */
  public static List<byte[]> jpegLoop(int count, int cameraIndex, float quality) {
    BufferedImage source = portrait();
    List<byte[]> frames = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double phase = 2 * Math.PI * i / count + cameraIndex * 0.9;
      double zoom = 1.0 + 0.04 * (1 + Math.sin(phase));
      double dx = 10 * Math.sin(phase);
      double dy = 6 * Math.cos(phase);
      frames.add(jpeg(transformed(source, zoom, dx, dy), quality));
    }
    return frames;
  }

  public static BufferedImage transformed(BufferedImage source, double zoom, double dx, double dy) {
    BufferedImage out = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      AffineTransform t = new AffineTransform();
      t.translate(SIDE / 2.0 + dx, SIDE / 2.0 + dy);
      t.scale(zoom, zoom);
      t.translate(-source.getWidth() / 2.0, -source.getHeight() / 2.0);
      g.drawImage(source, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  public static byte[] jpeg(BufferedImage image, float quality) {
    return Jpeg.encode(image, quality);
  }
}
