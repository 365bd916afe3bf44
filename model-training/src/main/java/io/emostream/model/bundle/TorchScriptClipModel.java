package io.emostream.model.bundle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.emostream.model.DjlEngine;
import io.emostream.model.image.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A user's own TorchScript clip model ({@code architecture: torchscript-clip}, file {@code
 * model.pt}): takes {@code [N, T, S, S, 3]} float32 NTHWC as its bundle's input spec describes and
 * returns {@code [N, 7]} logits or probabilities in EmoStream's class order. Whole clips only: no
 * per-frame feature cache.
 */
public final class TorchScriptClipModel implements ClipModel {
  public static final String FILE = "model.pt";

  private final String version;
  private final InputSpec input;
  private final boolean logits;
  private final Model model;

  private TorchScriptClipModel(String version, InputSpec input, boolean logits, Model model) {
    this.version = version;
    this.input = input;
    this.logits = logits;
    this.model = model;
  }

  static TorchScriptClipModel load(ModelBundle bundle, Device device) throws BundleException {
    BundleManifest m = bundle.manifest();
    // The verified bytes in memory are what is loaded: a file swapped on disk after the check
    // cannot be.
    byte[] torchScript = bundle.file(FILE);
    DjlEngine.pytorch();
    Model model = Model.newInstance(m.version(), device, DjlEngine.NAME);
    try {
      model.load(new ByteArrayInputStream(torchScript), Map.of());
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new BundleException(
          bundle.location()
              + "/"
              + FILE
              + " is not a loadable TorchScript model: "
              + e.getMessage(),
          e);
    }
    return new TorchScriptClipModel(m.version(), m.input(), m.output() == OutputKind.LOGITS, model);
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
  public List<float[]> predict(List<List<RgbImage>> clips) throws ModelException {
    if (clips.isEmpty()) {
      return List.of();
    }
    int s = input.size();
    try (NDManager batchManager = model.getNDManager().newSubManager()) {
      NDArray x =
          batchManager.create(
              ClipInputs.batch(clips, input), new Shape(clips.size(), input.frames(), s, s, 3));
      NDArray out =
          model
              .getBlock()
              .forward(new ParameterStore(batchManager, false), new NDList(x), false)
              .singletonOrThrow();
      if (out.getShape().dimension() != 2
          || out.getShape().get(0) != clips.size()
          || out.getShape().get(1) != 7) {
        throw new ModelException(
            version + " returned shape " + out.getShape() + ", expected (" + clips.size() + ", 7)",
            null);
      }
      NDArray probabilities = logits ? out.softmax(1) : out;
      float[] flat = probabilities.toFloatArray();
      List<float[]> result = new ArrayList<>(clips.size());
      for (int i = 0; i < clips.size(); i++) {
        result.add(Arrays.copyOfRange(flat, i * 7, i * 7 + 7));
      }
      return result;
    } catch (RuntimeException e) {
      throw new ModelException(
          version + " failed on " + clips.size() + " clips: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
