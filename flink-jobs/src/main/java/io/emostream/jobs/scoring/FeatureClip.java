package io.emostream.jobs.scoring;

import java.util.List;

/**
 * A clip of one face track, as per-frame features of the model (version, bundle directory or null =
 * built-in) that encoded them: for per-frame encoders their feature vectors, for whole-clip models
 * the face crops at model resolution.
 */
public record FeatureClip(
    String cameraId,
    String sessionId,
    String trackId,
    List<float[]> features,
    long windowStartMillis,
    long windowEndMillis,
    String modelVersion,
    String modelBundle) {}
