package io.emostream.jobs.scoring;

import java.util.List;

/**
 * A clip of one face track, as per-frame features of the model (version, bundle directory or null =
 * built-in) that encoded them: for per-frame encoders their feature vectors, for whole-clip models
 * the face crops at model resolution. When the stream's consent covers training, also the frames'
 * JPEG crops and the consented purpose (for the clip sampler); else both null.
 */
public record FeatureClip(
    String cameraId,
    String sessionId,
    String trackId,
    List<float[]> features,
    long windowStartMillis,
    long windowEndMillis,
    String modelVersion,
    String modelBundle,
    List<byte[]> crops,
    String trainingPurpose) {}
