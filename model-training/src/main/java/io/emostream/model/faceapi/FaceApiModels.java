package io.emostream.model.faceapi;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.emostream.model.DjlEngine;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.nn.TinyFaceDetectorNet;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.onnx.OnnxExport;
import io.emostream.model.onnx.OnnxRuntimeModels;
import io.emostream.model.tfjs.TfjsWeights;
import io.emostream.model.tfjs.TfjsWeightsException;

/**
 * Builds DJL {@link Model}s of face-api's pretrained networks on a device, with the vendored
 * weights.
 *
 * <pre>{@code
 * try (Model model = FaceApiModels.expression(Device.cpu());
 *     Predictor<RgbImage, ExpressionPrediction> p = model.newPredictor(new FaceExpressionTranslator())) {
 *   ExpressionPrediction e = p.predict(faceCrop);
 * }
 * }</pre>
 */
public final class FaceApiModels {
  /** The TF.js manifest inside face-api expression bundles. */
  public static final String EXPRESSION_MANIFEST = "face_expression_model-weights_manifest.json";

  private FaceApiModels() {}

  /**
   * FaceExpressionNet with the given weights (for the built-in ones, see {@code
   * ClipModels.builtInExpressionNet}).
   */
  public static Model expression(Device device, TfjsWeights weights) throws TfjsWeightsException {
    FaceExpressionNet net = new FaceExpressionNet();
    Model model =
        newModel(
            "face-api-expression",
            device,
            net,
            new Shape(1, FaceFeatureExtractor.INPUT_SIZE, FaceFeatureExtractor.INPUT_SIZE, 3));
    try {
      FaceApiWeights.load(net, weights);
    } catch (TfjsWeightsException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  public static Model tinyFaceDetector(Device device) throws TfjsWeightsException {
    TinyFaceDetectorNet net = new TinyFaceDetectorNet();
    int s = TinyFaceDetectorNet.DEFAULT_INPUT_SIZE;
    Model model = newModel("face-api-tiny-face-detector", device, net, new Shape(1, s, s, 3));
    try {
      FaceApiWeights.load(net, FaceApiModelFiles.TINY_FACE_DETECTOR.read());
    } catch (TfjsWeightsException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** TinyFaceDetector on the chosen engine (ONNX Runtime: exported from the vendored weights). */
  public static Model tinyFaceDetector(Device device, EngineChoice choice) throws Exception {
    if (!choice.onnxRuntime()) {
      return tinyFaceDetector(device);
    }
    return OnnxRuntimeModels.exportedOnce(
        choice.exportPath("tiny_face_detector-face-api-1.7.15.onnx"),
        () -> {
          try (Model torch = tinyFaceDetector(Device.cpu())) {
            return OnnxExport.tinyFaceDetector((TinyFaceDetectorNet) torch.getBlock());
          } catch (TfjsWeightsException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
        },
        "face-api-tiny-face-detector",
        choice.onnx());
  }

  /**
   * FaceExpressionNet with {@code weights} on the chosen engine; {@code weightsId} names the
   * weights (e.g. a bundle's manifest hash), and so the exported file.
   */
  public static Model expression(
      Device device, TfjsWeights weights, String weightsId, EngineChoice choice) throws Exception {
    if (!choice.onnxRuntime()) {
      return expression(device, weights);
    }
    return OnnxRuntimeModels.exportedOnce(
        choice.exportPath("face_expression-" + weightsId + ".onnx"),
        () -> {
          try (Model torch = expression(Device.cpu(), weights)) {
            return OnnxExport.expression((FaceExpressionNet) torch.getBlock());
          } catch (TfjsWeightsException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
        },
        "face-api-expression",
        choice.onnx());
  }

  private static Model newModel(String name, Device device, Block block, Shape inputShape) {
    DjlEngine.pytorch();
    Model model = Model.newInstance(name, device, DjlEngine.NAME);
    model.setBlock(block);
    block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
    return model;
  }
}
