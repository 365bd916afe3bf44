package io.emostream.model.bundle;

import ai.djl.Device;
import ai.djl.Model;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.tfjs.TfjsWeightsException;

/** Loads the {@link ClipModel} a bundle describes, by its manifest's architecture. */
public final class ClipModels {
  public static final String FACE_API_FRAME_AVERAGE = "face-api-expression-frame-average";
  public static final String TORCHSCRIPT = "torchscript-clip";
  public static final String TEMPORAL_CLIP = "emostream-temporal-clip";

  private ClipModels() {}

  /**
   * The built-in bundle's per-frame FaceExpressionNet (face-api's weights), for per-image scoring
   * and benchmarks.
   */
  public static Model builtInExpressionNet(Device device) throws BundleException {
    try {
      return FaceApiModels.expression(
          device, ModelBundle.builtIn().tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST));
    } catch (TfjsWeightsException e) {
      throw new BundleException("built-in bundle: " + e.getMessage(), e);
    }
  }

  /**
   * The model as a streaming job uses it, encoding each frame once: per-frame encoders as they are;
   * whole-clip models (e.g. TorchScript) through {@link WholeClipFrameEncoding}, which keeps crops
   * at model resolution per frame and runs the model on whole clips.
   */
  public static FrameEncodingClipModel loadFrameEncoding(ModelBundle bundle, Device device)
      throws BundleException {
    ClipModel model = load(bundle, device);
    return model instanceof FrameEncodingClipModel f ? f : new WholeClipFrameEncoding(model);
  }

  /**
   * Like {@link #loadFrameEncoding(ModelBundle, Device)}, on the chosen engine. ONNX Runtime runs
   * face-api bundles (exported from their weights); temporal and TorchScript bundles stay on
   * PyTorch, whose formats they are.
   */
  public static FrameEncodingClipModel loadFrameEncoding(
      ModelBundle bundle, Device device, EngineChoice choice) throws BundleException {
    BundleManifest m = bundle.manifest();
    if (!choice.onnxRuntime() || !m.architecture().equals(FACE_API_FRAME_AVERAGE)) {
      return loadFrameEncoding(bundle, device);
    }
    try {
      return new FrameAveragingClipModel(
          m.version(),
          m.input(),
          FaceApiModels.expression(
              device,
              bundle.tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST),
              bundle.manifestSha256().substring(0, 16),
              choice));
    } catch (Exception e) {
      throw new BundleException(
          bundle.location() + ": cannot run on ONNX Runtime: " + e.getMessage(), e);
    }
  }

  public static ClipModel load(ModelBundle bundle, Device device) throws BundleException {
    BundleManifest m = bundle.manifest();
    return switch (m.architecture()) {
      case FACE_API_FRAME_AVERAGE -> {
        try {
          yield new FrameAveragingClipModel(
              m.version(),
              m.input(),
              FaceApiModels.expression(
                  device, bundle.tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST)));
        } catch (TfjsWeightsException e) {
          throw new BundleException(bundle.location() + ": " + e.getMessage(), e);
        }
      }
      case TORCHSCRIPT -> TorchScriptClipModel.load(bundle, device);
      case TEMPORAL_CLIP -> TemporalClipModel.load(bundle, device);
      default ->
          throw new BundleException(
              bundle.location()
                  + ": unknown architecture '"
                  + m.architecture()
                  + "'; this build knows "
                  + FACE_API_FRAME_AVERAGE
                  + ", "
                  + TEMPORAL_CLIP
                  + " and "
                  + TORCHSCRIPT);
    };
  }
}
