package io.emostream.model.bundle;

import ai.djl.Device;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.tfjs.TfjsWeightsException;

/** Loads the {@link ClipModel} a bundle describes, by its manifest's architecture. */
public final class ClipModels {
  public static final String FACE_API_FRAME_AVERAGE = "face-api-expression-frame-average";
  public static final String TORCHSCRIPT = "torchscript-clip";
  public static final String TEMPORAL_CLIP = "emostream-temporal-clip";

  private ClipModels() {}

  public static ClipModel load(ModelBundle bundle, Device device) throws BundleException {
    BundleManifest m = bundle.manifest();
    return switch (m.architecture()) {
      case FACE_API_FRAME_AVERAGE -> {
        try {
          yield new FrameAveragingClipModel(m.version(), m.input(), FaceApiModels.expression(device, FaceApiModels.expressionWeights(bundle)));
        } catch (TfjsWeightsException e) {
          throw new BundleException(bundle.location() + ": " + e.getMessage(), e);
        }
      }
      case TORCHSCRIPT -> TorchScriptClipModel.load(bundle, device);
      case TEMPORAL_CLIP -> TemporalClipModel.load(bundle, device);
      default -> throw new BundleException(bundle.location() + ": unknown architecture '" + m.architecture() + "'; this build knows "
          + FACE_API_FRAME_AVERAGE + ", " + TEMPORAL_CLIP + " and " + TORCHSCRIPT);
    };
  }
}
