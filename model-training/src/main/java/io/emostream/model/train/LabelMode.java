package io.emostream.model.train;

import io.emostream.model.data.Clip;
import io.emostream.model.data.ExpressionClasses;

/** How targets are made: the paper's method and the baselines it is compared with. */
public enum LabelMode {
  /** One-hot of the majority vote, no mixing. */
  HARD(false, false),
  /** Vote fractions as the target, no mixing. */
  SOFT(true, false),
  /** Plain mixup: clips mixed, one-hot labels mixed with the same λ. */
  MIXUP(false, true),
  /** MIDAS: clips mixed frame by frame, soft labels mixed with the same λ. */
  MIDAS(true, true);

  private final boolean soft;
  private final boolean mixes;

  LabelMode(boolean soft, boolean mixes) {
    this.soft = soft;
    this.mixes = mixes;
  }

  public boolean mixes() {
    return mixes;
  }

  /** The clip's target before any mixing. */
  public float[] target(Clip clip) {
    return soft ? clip.softLabel().clone() : ExpressionClasses.oneHot(clip.majority());
  }
}
