package io.emostream.model.bundle;

import io.emostream.model.image.RgbImage;
import java.util.List;

/**
 * Scores clips: N clips of T face crops each → N 7-class distributions in EmoStream's class order
 * (neutral, happy, sad, angry, fear, disgust, surprise). Not thread-safe: one instance per thread
 * (per Flink slot).
 */
public interface ClipModel extends AutoCloseable {

  /** The bundle version, carried on every score. */
  String version();

  /** Frames per clip, crop size and normalisation the model expects. */
  InputSpec input();

  /** One probability vector per clip; clips may have fewer frames than {@code input().frames()}. */
  List<float[]> predict(List<List<RgbImage>> clips) throws ModelException;

  @Override
  void close();
}
