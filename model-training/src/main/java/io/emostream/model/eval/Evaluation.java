package io.emostream.model.eval;

import io.emostream.model.data.Clip;
import io.emostream.model.data.ExpressionClasses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out metrics of a clip model. WAR: accuracy over clips against their single label. UAR: mean
 * per-class recall over the classes present. KL: mean KL(soft label ‖ prediction). Majority
 * agreement: top-1 equals the soft label's arg-max. ECE: expected calibration error of top-1
 * confidence over {@value #ECE_BINS} equal-width bins, against the single label. Vote ECE: the same
 * bins, against the share of votes the top-1 class got: a model trained on vote fractions should
 * say 0.6 where 60 % of people agree, which single-label ECE counts as under-confidence.
 */
public record Evaluation(
    int clips,
    double war,
    double uar,
    double[] recall,
    int[][] confusion,
    double meanKl,
    double majorityAgreement,
    double ece,
    double voteEce) {

  public static final int ECE_BINS = 15;
  private static final double EPS = 1e-7;

  /**
   * @param predictions probability vectors, one per clip, in the clips' order
   */
  public static Evaluation of(List<Clip> clips, List<float[]> predictions) {
    if (clips.size() != predictions.size()) {
      throw new IllegalArgumentException(
          clips.size() + " clips but " + predictions.size() + " predictions");
    }
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("cannot evaluate on no clips");
    }
    int k = ExpressionClasses.COUNT;
    int[][] confusion = new int[k][k];
    double kl = 0;
    int correct = 0;
    int agree = 0;
    double[] binConfidence = new double[ECE_BINS];
    double[] binCorrect = new double[ECE_BINS];
    double[] binVotes = new double[ECE_BINS];
    int[] binCount = new int[ECE_BINS];
    for (int i = 0; i < clips.size(); i++) {
      Clip c = clips.get(i);
      float[] p = predictions.get(i);
      int top = ExpressionClasses.argmax(p);
      confusion[c.label()][top]++;
      boolean hit = top == c.label();
      correct += hit ? 1 : 0;
      agree += top == c.majority() ? 1 : 0;
      for (int j = 0; j < k; j++) {
        double t = c.softLabel()[j];
        if (t > 0) {
          kl += t * Math.log(t / Math.max(p[j], EPS));
        }
      }
      int bin = Math.min(ECE_BINS - 1, (int) (p[top] * ECE_BINS));
      binConfidence[bin] += p[top];
      binCorrect[bin] += hit ? 1 : 0;
      binVotes[bin] += c.softLabel()[top];
      binCount[bin]++;
    }
    double[] recall = new double[k];
    double recallSum = 0;
    int present = 0;
    for (int j = 0; j < k; j++) {
      int row = 0;
      for (int v : confusion[j]) {
        row += v;
      }
      recall[j] = row == 0 ? Double.NaN : confusion[j][j] / (double) row;
      if (row > 0) {
        recallSum += recall[j];
        present++;
      }
    }
    double ece = calibrationError(binCorrect, binConfidence, binCount, clips.size());
    double voteEce = calibrationError(binVotes, binConfidence, binCount, clips.size());
    int n = clips.size();
    return new Evaluation(
        n,
        correct / (double) n,
        recallSum / present,
        recall,
        confusion,
        kl / n,
        agree / (double) n,
        ece,
        voteEce);
  }

  /** Σ over bins of |observed − confidence| weighted by the bin's share of clips. */
  private static double calibrationError(
      double[] observed, double[] confidence, int[] count, int clips) {
    double error = 0;
    for (int b = 0; b < count.length; b++) {
      if (count[b] > 0) {
        error += Math.abs(observed[b] - confidence[b]) / clips;
      }
    }
    return error;
  }

  /** The headline figures, as carried in bundle manifests and ModelRelease events. */
  public Map<String, Double> summary() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("war", war);
    m.put("uar", uar);
    m.put("kl", meanKl);
    m.put("majority_agreement", majorityAgreement);
    m.put("ece", ece);
    m.put("vote_ece", voteEce);
    m.put("clips", (double) clips);
    return m;
  }
}
