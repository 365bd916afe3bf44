package io.emostream.model.data;

import io.emostream.schemas.event.Distributions;
import java.util.List;
import java.util.Locale;

/**
 * EmoStream's 7 classes (neutral, happy, sad, angry, fear, disgust, surprise) and maps from
 * datasets' ids.
 */
public final class ExpressionClasses {
  public static final List<String> NAMES = Distributions.CLASS_NAMES;
  public static final int COUNT = NAMES.size();

  /** DFEW class id (1 Happy, 2 Sad, 3 Neutral, 4 Angry, 5 Surprise, 6 Disgust, 7 Fear) → index. */
  private static final int[] FROM_DFEW = {-1, 1, 2, 0, 3, 6, 5, 4};

  /**
   * FERV39k class id (0 Angry, 1 Disgust, 2 Fear, 3 Happy, 4 Neutral, 5 Sad, 6 Surprise) → index.
   */
  private static final int[] FROM_FERV39K = {3, 5, 4, 1, 0, 2, 6};

  private ExpressionClasses() {}

  /**
   * @return the index, or -1 for an id outside 1..7
   */
  public static int fromDfew(int id) {
    return id >= 1 && id <= 7 ? FROM_DFEW[id] : -1;
  }

  /**
   * @return the index, or -1 for an id outside 0..6
   */
  public static int fromFerv39k(int id) {
    return id >= 0 && id <= 6 ? FROM_FERV39K[id] : -1;
  }

  /** Index of a class name; accepts face-api's adjectives too (fearful, disgusted, surprised). */
  public static int byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    n =
        switch (n) {
          case "fearful" -> "fear";
          case "disgusted" -> "disgust";
          case "surprised" -> "surprise";
          case "happiness" -> "happy";
          case "sadness" -> "sad";
          case "anger" -> "angry";
          default -> n;
        };
    return NAMES.indexOf(n);
  }

  public static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Counts → fractions; all-zero counts are an error the caller reports with its location. */
  public static float[] normalise(double[] counts) {
    double sum = 0;
    for (double c : counts) {
      if (c < 0 || Double.isNaN(c)) {
        throw new IllegalArgumentException("votes must be non-negative numbers");
      }
      sum += c;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("votes sum to zero");
    }
    float[] out = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = (float) (counts[i] / sum);
    }
    return out;
  }

  public static float[] oneHot(int index) {
    float[] out = new float[COUNT];
    out[index] = 1f;
    return out;
  }
}
