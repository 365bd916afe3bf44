package io.emostream.model.train;

/**
 * One epoch of a run, for curves and checkpoints; validation figures are NaN without a validation
 * set.
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double clipsPerSecond,
    double learningRate,
    boolean encoderFrozen,
    double validationWar,
    double validationUar,
    double validationKl) {}
