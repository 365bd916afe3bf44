package io.emostream.model.train;

/** Which clips of a batch may be mixed with each other. */
public enum MixPairing {
  /** Any two (a random permutation of the batch), as MIDAS does. */
  ANY,
  /**
   * Only clips with the same single label (dominant expression); a clip with no such partner in its
   * batch stays unmixed.
   */
  SAME_LABEL
}
