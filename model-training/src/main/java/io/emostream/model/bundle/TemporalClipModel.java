package io.emostream.model.bundle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.emostream.model.DjlEngine;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.nn.TemporalClipNet;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained {@link TemporalClipNet} from a bundle ({@code architecture: emostream-temporal-clip},
 * file {@value #FILE} in DJL's parameter format, option {@code hidden}). Encodes each crop once;
 * the temporal head scores clips from cached features, resampled to the bundle's T frames.
 */
public final class TemporalClipModel implements FrameEncodingClipModel {
  public static final String FILE = "temporal_clip.params";
  public static final String HIDDEN = "hidden";

  private final String version;
  private final InputSpec input;
  private final Model model;
  private final TemporalClipNet net;

  private TemporalClipModel(String version, InputSpec input, Model model, TemporalClipNet net) {
    this.version = version;
    this.input = input;
    this.model = model;
    this.net = net;
  }

  static TemporalClipModel load(ModelBundle bundle, Device device) throws BundleException {
    BundleManifest m = bundle.manifest();
    TemporalClipNet net = new TemporalClipNet(m.option(HIDDEN, 128), 0f);
    DjlEngine.pytorch();
    Model model = Model.newInstance(m.version(), device, DjlEngine.NAME);
    try {
      model.setBlock(net);
      net.initialize(
          model.getNDManager(),
          DataType.FLOAT32,
          new Shape(1, m.input().frames(), m.input().size(), m.input().size(), 3));
      net.loadParameters(
          model.getNDManager(), new DataInputStream(new ByteArrayInputStream(bundle.file(FILE))));
      return new TemporalClipModel(m.version(), m.input(), model, net);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new BundleException(
          bundle.location()
              + "/"
              + FILE
              + " does not hold this architecture's parameters: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public InputSpec input() {
    return input;
  }

  @Override
  public List<float[]> encodeFrames(List<RgbImage> crops) throws ModelException {
    if (crops.isEmpty()) {
      return List.of();
    }
    int s = input.size();
    try (NDManager step = model.getNDManager().newSubManager()) {
      NDArray x = step.create(ClipInputs.frames(crops, input), new Shape(crops.size(), s, s, 3));
      NDArray features =
          net.encoder()
              .forward(new ParameterStore(step, false), new NDList(x), false)
              .singletonOrThrow();
      return rows(features.toFloatArray(), FaceFeatureExtractor.FEATURES);
    } catch (RuntimeException e) {
      throw new ModelException(
          "temporal clip encoder failed on " + crops.size() + " crops: " + e.getMessage(), e);
    }
  }

  @Override
  public List<float[]> scoreFeatures(List<List<float[]>> clips) throws ModelException {
    if (clips.isEmpty()) {
      return List.of();
    }
    int t = input.frames();
    int f = FaceFeatureExtractor.FEATURES;
    float[] batch = new float[clips.size() * t * f];
    int at = 0;
    for (List<float[]> clip : clips) {
      if (clip.isEmpty()) {
        throw new IllegalArgumentException("a clip needs at least one frame");
      }
      for (int i = 0; i < t; i++) { // nearest-index resampling to T, as in training
        System.arraycopy(clip.get((int) ((long) i * clip.size() / t)), 0, batch, at, f);
        at += f;
      }
    }
    try (NDManager step = model.getNDManager().newSubManager()) {
      NDArray features = step.create(batch, new Shape(clips.size(), t, f));
      NDArray probabilities = net.head(new ParameterStore(step, false), features, false).softmax(1);
      return rows(probabilities.toFloatArray(), probabilities.getShape().get(1));
    } catch (RuntimeException e) {
      throw new ModelException(
          "temporal head failed on " + clips.size() + " clips: " + e.getMessage(), e);
    }
  }

  private static List<float[]> rows(float[] flat, long width) {
    int w = (int) width;
    List<float[]> out = new ArrayList<>(flat.length / w);
    for (int i = 0; i < flat.length; i += w) {
      float[] row = new float[w];
      System.arraycopy(flat, i, row, 0, w);
      out.add(row);
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
