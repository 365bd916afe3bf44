package io.emostream.jobs.training;

import io.emostream.model.data.Clip;
import java.io.Serializable;

/** A decoded clip and the split it belongs to. */
public final class SplitClip implements Serializable {
  private static final long serialVersionUID = 1L;

  public boolean heldOut;
  public Clip clip;

  public SplitClip() {}

  public SplitClip(boolean heldOut, Clip clip) {
    this.heldOut = heldOut;
    this.clip = clip;
  }
}
