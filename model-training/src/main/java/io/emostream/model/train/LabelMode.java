package io.emostream.model.train;

import io.emostream.model.data.Clip;
import io.emostream.model.data.ExpressionClasses;

/** How targets are made: the paper's method and the baselines it is compared with. */
public enum LabelMode {
  /** One-hot of the clip's single label, no mixing. */
  HARD(false, false),
  /** Vote fractions as the target, no mixing. */
  SOFT(true, false),
  /** Plain mixup: clips mixed, one-hot single labels mixed with the same λ. */
  MIXUP(false, true),
  /** MIDAS: clips mixed frame by frame, soft labels mixed with the same λ. */
  MIDAS(true, true),
  /**
   * Not a target rule: chosen per run by measurement ({@code ModeSelection}): each candidate mode
   * trains on part of the training clips and the best on the rest is the mode of the run.
   */
  AUTO(true, false);

  private final boolean soft;
  private final boolean mixes;

  LabelMode(boolean soft, boolean mixes) {
    this.soft = soft;
    this.mixes = mixes;
  }

  public boolean mixes() {
    return mixes;
  }

  /**
   * The clip's target before any mixing. Hard targets are the clip's single label, the one
   * evaluation scores against (a dataset's own label; for vote ties, the dataset's tie rule), not a
   * re-derived arg-max of the votes, which broke ties differently on 2–6 % of clips.
   */
  public float[] target(Clip clip) {
    if (this == AUTO) {
      throw new IllegalStateException("AUTO must be resolved to a label mode before training");
    }
    return soft ? clip.softLabel().clone() : ExpressionClasses.oneHot(clip.label());
  }
}
