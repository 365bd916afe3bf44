package io.emostream.model.translate;

/**
 * The expression net's output for one face: logits and softmax probabilities, in EmoStream's class
 * order.
 */
public record ExpressionPrediction(float[] logits, float[] probabilities) {

  public static ExpressionPrediction ofLogits(float[] logits) {
    return new ExpressionPrediction(logits, softmax(logits));
  }

  static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i] - max);
      sum += e[i];
    }
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (e[i] / sum);
    }
    return p;
  }
}
