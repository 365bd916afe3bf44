package io.emostream.model.bundle;

import io.emostream.model.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A clip model made of a per-frame encoder and a cheap temporal head. With overlapping clips (T =
 * 16, stride 8) every frame belongs to two clips: callers encode each face crop once, cache the
 * features, and run only {@link #scoreFeatures} per clip.
 */
public interface FrameEncodingClipModel extends ClipModel {

  /** One feature vector per crop, batched in one forward pass. */
  List<float[]> encodeFrames(List<RgbImage> crops) throws ModelException;

  /** The temporal head: per clip, its frames' features in time order → a distribution. */
  List<float[]> scoreFeatures(List<List<float[]>> clips) throws ModelException;

  @Override
  default List<float[]> predict(List<List<RgbImage>> clips) throws ModelException {
    List<RgbImage> all = new ArrayList<>();
    clips.forEach(all::addAll);
    List<float[]> features = encodeFrames(all);
    List<List<float[]>> grouped = new ArrayList<>(clips.size());
    int at = 0;
    for (List<RgbImage> clip : clips) {
      grouped.add(features.subList(at, at + clip.size()));
      at += clip.size();
    }
    return scoreFeatures(grouped);
  }
}
