package io.emostream.model.bundle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.emostream.model.DjlEngine;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.onnx.OnnxRuntimeModels;
import io.emostream.model.onnx.OnnxRuntimeSettings;
import io.emostream.model.translate.ExpressionPrediction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user's own clip model, run whole by the DJL engine of its format: {@code torchscript-clip}
 * (file {@value #TORCHSCRIPT_FILE}, PyTorch) or {@code onnx-clip} (file {@value #ONNX_FILE}, ONNX
 * Runtime). It takes {@code [N, T, S, S, 3]} float32 NTHWC as its bundle's input spec describes and
 * returns {@code [N, 7]} logits or probabilities in EmoStream's class order. Whole clips only: no
 * per-frame feature cache.
 */
public final class WholeClipModel implements ClipModel {
  public static final String TORCHSCRIPT_FILE = "model.pt";
  public static final String ONNX_FILE = "model.onnx";

  private final String version;
  private final InputSpec input;
  private final boolean logits;
  private final Model model;
  private final TensorStage stage;

  private WholeClipModel(BundleManifest m, Model model) {
    this.version = m.version();
    this.input = m.input();
    this.logits = m.output() == OutputKind.LOGITS;
    this.model = model;
    this.stage = TensorStage.of(model.getNDManager(), model.getBlock());
  }

  static WholeClipModel torchScript(ModelBundle bundle, Device device) throws BundleException {
    BundleManifest m = bundle.manifest();
    // The verified bytes in memory are what is loaded: a file swapped on disk after the check
    // cannot be.
    byte[] torchScript = bundle.file(TORCHSCRIPT_FILE);
    DjlEngine.pytorch();
    Model model = Model.newInstance(m.version(), device, DjlEngine.NAME);
    try {
      model.load(new ByteArrayInputStream(torchScript), Map.of());
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new BundleException(
          bundle.location()
              + "/"
              + TORCHSCRIPT_FILE
              + " is not a loadable TorchScript model: "
              + e.getMessage(),
          e);
    }
    return new WholeClipModel(m, model);
  }

  static WholeClipModel onnx(ModelBundle bundle, OnnxRuntimeSettings settings)
      throws BundleException {
    BundleManifest m = bundle.manifest();
    try {
      return new WholeClipModel(
          m, OnnxRuntimeModels.load(bundle.file(ONNX_FILE), m.version(), settings));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new BundleException(
          bundle.location() + "/" + ONNX_FILE + " is not a loadable ONNX model: " + e.getMessage(),
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
  public List<float[]> predict(List<List<RgbImage>> clips) throws ModelException {
    if (clips.isEmpty()) {
      return List.of();
    }
    int s = input.size();
    float[][] out;
    try {
      out =
          stage.run(
              ClipInputs.batch(clips, input),
              new Shape(clips.size(), input.frames(), s, s, 3),
              FaceExpressionNet.CLASSES);
    } catch (RuntimeException e) {
      throw new ModelException(
          version + " failed on " + clips.size() + " clips: " + e.getMessage(), e);
    }
    List<float[]> result = new ArrayList<>(clips.size());
    for (float[] row : out) {
      result.add(logits ? ExpressionPrediction.ofLogits(row).probabilities() : row);
    }
    return result;
  }

  @Override
  public void close() {
    model.close();
  }
}
