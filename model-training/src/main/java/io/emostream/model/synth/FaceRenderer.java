package io.emostream.model.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Draws a schematic face whose expression is set by a few facial-action parameters (the idea of
 * FACS action units, simplified): mouth curvature, opening and width, brow height and tilt, eye
 * opening and upper-lip raise. Nuisance (pose, scale, lighting, noise) is applied per frame.
 */
final class FaceRenderer {
  /** Mouth curvature (−1 frown … +1 smile). */
  static final int CURVE = 0;

  /** Mouth opening 0…1. */
  static final int OPEN = 1;

  /** Mouth width factor around 1. */
  static final int WIDTH = 2;

  /** Brow height (−1 lowered … +1 raised). */
  static final int BROW = 3;

  /** Brow tilt (−1 inner ends down, angry … +1 inner ends up, sad/fear). */
  static final int TILT = 4;

  /** Eye opening factor around 1. */
  static final int EYES = 5;

  /** Upper-lip raise / nose wrinkle 0…1 (disgust). */
  static final int LIP = 6;

  static final int PARAMS = 7;

  /** Per-frame nuisance. */
  record Nuisance(
      double dx, double dy, double angle, double scale, double brightness, double noise) {}

  private FaceRenderer() {}

  static BufferedImage render(
      int size, double[] p, Nuisance n, Color skin, SplittableRandom noise) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(70, 78, 90));
    g.fillRect(0, 0, size, size);
    double u = size / 112.0; // drawing units: designed at 112 px
    AffineTransform t = new AffineTransform();
    t.translate(size / 2.0 + n.dx() * u, size / 2.0 + n.dy() * u);
    t.rotate(n.angle());
    t.scale(n.scale() * u, n.scale() * u);
    g.setTransform(t);
    g.setColor(skin);
    g.fill(new Ellipse2D.Double(-38, -48, 76, 96));
    Color ink = new Color(40, 28, 24);
    g.setColor(ink);
    g.setStroke(new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    double eyeH = 5.5 * p[EYES];
    for (int side = -1; side <= 1; side += 2) {
      double ex = side * 15;
      double ey = -12;
      g.setColor(Color.WHITE);
      g.fill(new Ellipse2D.Double(ex - 8, ey - eyeH, 16, 2 * eyeH));
      g.setColor(ink);
      double pupil = Math.min(4.5, eyeH);
      g.fill(new Ellipse2D.Double(ex - 3.5, ey - pupil, 7, 2 * pupil));
      double browY = ey - 11 - 6 * p[BROW];
      double inner = browY + 5 * p[TILT] * -1; // tilt up (+) lifts the inner end
      g.draw(new Line2D.Double(ex + side * -5, inner, ex + side * 11, browY));
    }
    // nose and, for disgust, wrinkles and a raised upper lip
    g.draw(new Line2D.Double(0, -6, -3, 8));
    if (p[LIP] > 0.05) {
      g.setStroke(
          new BasicStroke(
              (float) (1 + 2.5 * p[LIP]), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new Line2D.Double(-7, -2, -3, 1));
      g.draw(new Line2D.Double(7, -2, 3, 1));
    }
    g.setStroke(new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    double w = 15 * p[WIDTH];
    double my = 24 - 3 * p[LIP];
    double curve = 10 * p[CURVE];
    double open = 14 * p[OPEN];
    Path2D upper = new Path2D.Double();
    upper.moveTo(-w, my - curve * 0.4);
    upper.quadTo(0, my + curve * 0.6 - open * 0.3 - 4 * p[LIP], w, my - curve * 0.4);
    Path2D lower = new Path2D.Double();
    lower.moveTo(-w, my - curve * 0.4);
    lower.quadTo(0, my + curve * 0.6 + open, w, my - curve * 0.4);
    if (open > 1.5) {
      Path2D mouth = new Path2D.Double(upper);
      mouth.quadTo(0, my + curve * 0.6 + open, -w, my - curve * 0.4);
      g.setColor(new Color(90, 20, 30));
      g.fill(mouth);
      g.setColor(ink);
    }
    g.draw(upper);
    g.draw(lower);
    g.dispose();
    shade(image, n, noise);
    return image;
  }

  /** Lighting (brightness and a left-right gradient) and Gaussian sensor noise. */
  private static void shade(BufferedImage image, Nuisance n, SplittableRandom random) {
    int size = image.getWidth();
    double gradient = (n.brightness() - 1) * 0.5;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = image.getRGB(x, y);
        double light = n.brightness() + gradient * (x / (double) size - 0.5);
        int r = clamp(((rgb >> 16) & 0xff) * light + gaussian(random) * n.noise());
        int gr = clamp(((rgb >> 8) & 0xff) * light + gaussian(random) * n.noise());
        int b = clamp((rgb & 0xff) * light + gaussian(random) * n.noise());
        image.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
  }

  static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
