package io.emostream.model.train;

/** Where a mixing mode blends two clips. */
public enum MixSpace {
  /** The frames' pixels, as MIDAS does. */
  PIXELS,
  /**
   * The pretrained encoder's per-frame feature vectors (256 per frame), before the temporal head: a
   * blend of what the encoder sees in each clip rather than a double-exposed image.
   */
  FEATURES
}
