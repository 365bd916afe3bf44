package io.emostream.model.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * What makes a {@link SyntheticExpressions.Style#DYNAMIC} clip look like real dynamic FER footage:
 * the expression builds up from neutral (onset), some frames show another expression (talking, a
 * glance: non-target frames), and a hand or object may cover part of the face for a while.
 */
final class Dynamics {
  private static final double NON_TARGET = 0.15;
  private static final double OCCLUDED_CLIPS = 0.3;

  private final int onset;
  private final int[] nonTarget; // class shown instead of the target, or -1
  private final int occludedFrom;
  private final int occludedTo;
  private final double[] occluder; // x, y, w, h as fractions of the frame
  private final Color occluderColour;

  private Dynamics(
      int onset,
      int[] nonTarget,
      int occludedFrom,
      int occludedTo,
      double[] occluder,
      Color occluderColour) {
    this.onset = onset;
    this.nonTarget = nonTarget;
    this.occludedFrom = occludedFrom;
    this.occludedTo = occludedTo;
    this.occluder = occluder;
    this.occluderColour = occluderColour;
  }

  static Dynamics draw(int frames, SplittableRandom random) {
    int onset = random.nextInt(frames / 2 + 1);
    int[] nonTarget = new int[frames];
    for (int f = 0; f < frames; f++) {
      nonTarget[f] =
          f >= onset && random.nextDouble() < NON_TARGET
              ? random.nextInt(SyntheticExpressions.PROTOTYPES.length)
              : -1;
    }
    if (random.nextDouble() >= OCCLUDED_CLIPS) {
      return new Dynamics(onset, nonTarget, frames, frames, null, null);
    }
    int length = Math.max(1, frames / 3 + random.nextInt(frames - frames / 3 + 1));
    int from = random.nextInt(frames - length + 1);
    boolean mouth = random.nextBoolean(); // a hand over the mouth, or over an eye
    double[] box =
        mouth
            ? new double[] {0.25 + 0.2 * random.nextDouble(), 0.55, 0.35, 0.3}
            : new double[] {0.15 + 0.4 * random.nextDouble(), 0.25, 0.3, 0.25};
    Color colour =
        random.nextBoolean() ? new Color(196, 150, 112) : new Color(35, 35, 40); // hand or object
    return new Dynamics(onset, nonTarget, from, from + length, box, colour);
  }

  BufferedImage frame(
      int f,
      int size,
      double[] weights,
      FaceRenderer.Nuisance n,
      Color skin,
      SplittableRandom noise) {
    double[] params;
    if (nonTarget[f] >= 0) {
      params = SyntheticExpressions.PROTOTYPES[nonTarget[f]];
    } else {
      double ramp = Math.min(1, (f + 1) / (double) (onset + 1));
      double[] target = SyntheticExpressions.blend(weights);
      double[] neutral = SyntheticExpressions.PROTOTYPES[0];
      params = new double[target.length];
      for (int k = 0; k < params.length; k++) {
        params[k] = ramp * target[k] + (1 - ramp) * neutral[k];
      }
    }
    BufferedImage image = FaceRenderer.render(size, params, n, skin, noise);
    if (occluder != null && f >= occludedFrom && f < occludedTo) {
      Graphics2D g = image.createGraphics();
      g.setColor(occluderColour);
      g.fillRoundRect(
          (int) (occluder[0] * size),
          (int) (occluder[1] * size),
          (int) (occluder[2] * size),
          (int) (occluder[3] * size),
          size / 8,
          size / 8);
      g.dispose();
    }
    return image;
  }
}
