package io.emostream.schemas.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Conversions between {@link ExpressionDistribution} and arrays in the fixed class order of {@link
 * Expression}.
 */
public final class Distributions {
  /**
   * The class names in {@link Expression} order, lower case: the order of every distribution,
   * bundle and dataset.
   */
  public static final List<String> CLASS_NAMES =
      Arrays.stream(Expression.values()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();

  private static final int CLASSES = Expression.values().length;
  private static final double LOG_CLASSES = Math.log(CLASSES);

  private Distributions() {}

  /**
   * From 7 probabilities in {@link Expression} order (neutral, happy, sad, angry, fear, disgust,
   * surprise).
   */
  public static ExpressionDistribution of(float[] p) {
    if (p.length != CLASSES) {
      throw new IllegalArgumentException("expected " + CLASSES + " probabilities, got " + p.length);
    }
    return new ExpressionDistribution(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
  }

  public static float[] toArray(ExpressionDistribution d) {
    return new float[] {
      d.getNeutral(),
      d.getHappy(),
      d.getSad(),
      d.getAngry(),
      d.getFear(),
      d.getDisgust(),
      d.getSurprise()
    };
  }

  public static Expression top(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return Expression.values()[best];
  }

  /** Entropy divided by ln(7): 0 for a one-hot distribution, 1 for the uniform one. */
  public static float normalisedEntropy(float[] p) {
    double h = 0;
    for (float v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return (float) Math.min(1.0, Math.max(0.0, h / LOG_CLASSES));
  }
}
