package io.emostream.model.bundle;

import ai.djl.Device;
import ai.djl.Model;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.tfjs.TfjsWeights;
import java.util.List;

/** Loads the {@link ClipModel} a bundle describes, by its manifest's architecture. */
public final class ClipModels {
  public static final String FACE_API_FRAME_AVERAGE = "face-api-expression-frame-average";
  public static final String TORCHSCRIPT = "torchscript-clip";
  public static final String TEMPORAL_CLIP = "emostream-temporal-clip";
  public static final String ONNX = "onnx-clip";
  public static final List<String> ARCHITECTURES =
      List.of(FACE_API_FRAME_AVERAGE, TEMPORAL_CLIP, TORCHSCRIPT, ONNX);

  private ClipModels() {}

  /**
   * The built-in bundle's per-frame FaceExpressionNet (face-api's weights), for per-image scoring
   * and benchmarks.
   */
  public static Model builtInExpressionNet(Device device) throws BundleException {
    return builtInExpressionNet(device, EngineChoice.pytorch());
  }

  /** {@link #builtInExpressionNet(Device)} on the chosen engine. */
  public static Model builtInExpressionNet(Device device, EngineChoice choice)
      throws BundleException {
    ModelBundle builtIn = ModelBundle.builtIn();
    try {
      return FaceApiModels.expression(
          device,
          builtIn.tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST),
          builtIn.manifestSha256().substring(0, 16),
          choice);
    } catch (Exception e) {
      throw new BundleException("built-in bundle: " + e.getMessage(), e);
    }
  }

  /**
   * The model as a streaming job uses it, encoding each frame once: per-frame encoders as they are;
   * whole-clip models (TorchScript, ONNX) through {@link WholeClipFrameEncoding}, which keeps crops
   * at model resolution per frame and runs the model on whole clips.
   */
  public static FrameEncodingClipModel loadFrameEncoding(ModelBundle bundle, Device device)
      throws BundleException {
    return loadFrameEncoding(bundle, device, EngineChoice.pytorch());
  }

  /** Like {@link #loadFrameEncoding(ModelBundle, Device)}, on the chosen engine. */
  public static FrameEncodingClipModel loadFrameEncoding(
      ModelBundle bundle, Device device, EngineChoice choice) throws BundleException {
    ClipModel model = load(bundle, device, choice);
    return model instanceof FrameEncodingClipModel f ? f : new WholeClipFrameEncoding(model);
  }

  /** On PyTorch (an {@code onnx-clip} bundle on ONNX Runtime's CPU, its only engine). */
  public static ClipModel load(ModelBundle bundle, Device device) throws BundleException {
    return load(bundle, device, EngineChoice.pytorch());
  }

  /**
   * The bundle's model on the chosen engine. ONNX Runtime runs face-api and temporal bundles as
   * graphs exported from their weights; a TorchScript bundle runs on PyTorch and an ONNX bundle on
   * ONNX Runtime whatever the choice, those being their formats (the ONNX one with the choice's
   * ONNX Runtime settings).
   */
  public static ClipModel load(ModelBundle bundle, Device device, EngineChoice choice)
      throws BundleException {
    BundleManifest m = bundle.manifest();
    return switch (m.architecture()) {
      case FACE_API_FRAME_AVERAGE -> frameAveraging(bundle, device, choice);
      case TORCHSCRIPT -> WholeClipModel.torchScript(bundle, device);
      case ONNX -> WholeClipModel.onnx(bundle, choice.onnx());
      case TEMPORAL_CLIP ->
          choice.onnxRuntime()
              ? TemporalClipModel.onOnnxRuntime(bundle, choice.onnx())
              : TemporalClipModel.load(bundle, device);
      default ->
          throw new BundleException(
              bundle.location()
                  + ": unknown architecture '"
                  + m.architecture()
                  + "'; this build knows "
                  + String.join(", ", ARCHITECTURES));
    };
  }

  private static FrameAveragingClipModel frameAveraging(
      ModelBundle bundle, Device device, EngineChoice choice) throws BundleException {
    BundleManifest m = bundle.manifest();
    TfjsWeights weights = bundle.tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST);
    try {
      return new FrameAveragingClipModel(
          m.version(),
          m.input(),
          FaceApiModels.expression(
              device, weights, bundle.manifestSha256().substring(0, 16), choice));
    } catch (Exception e) {
      throw new BundleException(
          bundle.location() + " on " + choice.engine() + ": " + e.getMessage(), e);
    }
  }
}
