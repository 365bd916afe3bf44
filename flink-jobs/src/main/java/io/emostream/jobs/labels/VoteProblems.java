package io.emostream.jobs.labels;

import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.ExpressionDistribution;
import io.emostream.schemas.event.Identifiers;

/** What is wrong with a vote, if anything: identifiers, and a distribution that is not one. */
final class VoteProblems {
  private VoteProblems() {}

  /** Votes that are distributions must sum to 1 within this. */
  static final double SUM_TOLERANCE = 1e-3;

  static String of(Annotation a) {
    String problem = Identifiers.problem("clip id", a.getClipId());
    if (problem == null) {
      problem = Identifiers.problem("annotator id", a.getAnnotatorId());
    }
    if (problem != null) {
      return problem;
    }
    if (a.getVote() instanceof ExpressionDistribution d) {
      double sum = 0;
      for (float p : Distributions.toArray(d)) {
        if (!(p >= 0 && p <= 1)) {
          return "vote of "
              + a.getAnnotatorId()
              + " for clip "
              + a.getClipId()
              + " has a probability outside [0, 1]: "
              + p;
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        return "vote of "
            + a.getAnnotatorId()
            + " for clip "
            + a.getClipId()
            + " sums to "
            + sum
            + ", not 1";
      }
    }
    return null;
  }
}
