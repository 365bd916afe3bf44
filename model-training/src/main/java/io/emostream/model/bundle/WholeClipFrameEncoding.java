package io.emostream.model.bundle;

import io.emostream.model.image.LegacyBilinearResize;
import io.emostream.model.image.RgbImage;
import io.emostream.model.image.SquarePadding;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets a whole-clip model (e.g. a user's TorchScript) serve where per-frame features are expected:
 * a frame's "features" are its face crop at the model's resolution (padded and resized as the
 * bundle's input spec says, not yet normalised), so a stream keeps only small crops per track, and
 * the "temporal head" runs the whole-clip model on them, all clips of a call in one batch.
 */
public final class WholeClipFrameEncoding implements FrameEncodingClipModel {
  private final ClipModel model;

  public WholeClipFrameEncoding(ClipModel model) {
    this.model = model;
  }

  @Override
  public String version() {
    return model.version();
  }

  @Override
  public InputSpec input() {
    return model.input();
  }

  @Override
  public List<float[]> encodeFrames(List<RgbImage> crops) {
    int s = model.input().size();
    List<float[]> out = new ArrayList<>(crops.size());
    for (RgbImage crop : crops) {
      RgbImage square =
          model.input().padding() == Padding.CENTRED_ZEROS ? SquarePadding.centred(crop) : crop;
      out.add(LegacyBilinearResize.resize(square, s, s).hwc());
    }
    return out;
  }

  @Override
  public List<float[]> scoreFeatures(List<List<float[]>> clips) throws ModelException {
    int s = model.input().size();
    List<List<RgbImage>> images = new ArrayList<>(clips.size());
    for (List<float[]> clip : clips) {
      List<RgbImage> frames = new ArrayList<>(clip.size());
      clip.forEach(
          f -> frames.add(new RgbImage(s, s, f))); // already square at size s: no second resize
      images.add(frames);
    }
    return model.predict(images);
  }

  @Override
  public List<float[]> predict(List<List<RgbImage>> clips) throws ModelException {
    return model.predict(clips);
  }

  @Override
  public void close() {
    model.close();
  }
}
