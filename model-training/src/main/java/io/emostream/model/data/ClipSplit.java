package io.emostream.model.data;

/**
 * The clips a model trains on and the clips it is evaluated on, which it never sees in training.
 */
public record ClipSplit(ClipDataset train, ClipDataset heldOut) {}
