package io.emostream.model.eval;

import java.util.Locale;

/**
 * Releases a candidate only if it beats the incumbent's UAR by at least {@code minUarGain} and
 * loses at most {@code maxWarDrop} of WAR, both measured on the same held-out clips.
 */
public record ReleaseGate(double minUarGain, double maxWarDrop) {

  public record Decision(boolean release, String reason) {}

  public Decision decide(Evaluation candidate, Evaluation incumbent) {
    double uarGain = candidate.uar() - incumbent.uar();
    double warDrop = incumbent.war() - candidate.war();
    String figures =
        String.format(
            Locale.ROOT,
            "UAR %.4f vs %.4f (gain %+.4f, need ≥ %+.4f), WAR %.4f vs %.4f (drop %.4f, allowed ≤ %.4f)",
            candidate.uar(),
            incumbent.uar(),
            uarGain,
            minUarGain,
            candidate.war(),
            incumbent.war(),
            warDrop,
            maxWarDrop);
    if (uarGain < minUarGain) {
      return new Decision(false, "rejected: UAR gain too small: " + figures);
    }
    if (warDrop > maxWarDrop) {
      return new Decision(false, "rejected: WAR dropped too much: " + figures);
    }
    return new Decision(true, "released: " + figures);
  }
}
