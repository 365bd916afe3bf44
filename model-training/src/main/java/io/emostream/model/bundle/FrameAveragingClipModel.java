package io.emostream.model.bundle;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.emostream.model.image.RgbImage;
import io.emostream.model.translate.ExpressionPrediction;
import io.emostream.model.translate.FaceExpressionTranslator;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in clip model: face-api's per-frame FaceExpressionNet, and as temporal head the mean of
 * the frames' softmax probabilities. A per-frame model averaged over time, not a video model.
 */
public final class FrameAveragingClipModel implements FrameEncodingClipModel {
  private final String version;
  private final InputSpec input;
  private final Model model;
  private final Predictor<RgbImage, ExpressionPrediction> predictor;

  FrameAveragingClipModel(String version, InputSpec input, Model model) {
    this.version = version;
    this.input = input;
    this.model = model;
    this.predictor = model.newPredictor(new FaceExpressionTranslator());
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public InputSpec input() {
    return input;
  }

  /** Per-frame features are the frame's 7 probabilities. */
  @Override
  public List<float[]> encodeFrames(List<RgbImage> crops) throws ModelException {
    if (crops.isEmpty()) {
      return List.of();
    }
    try {
      return predictor.batchPredict(crops).stream()
          .map(ExpressionPrediction::probabilities)
          .toList();
    } catch (TranslateException e) {
      throw new ModelException(
          "expression net failed on a batch of " + crops.size() + " crops: " + e.getMessage(), e);
    }
  }

  @Override
  public List<float[]> scoreFeatures(List<List<float[]>> clips) {
    List<float[]> out = new ArrayList<>(clips.size());
    for (List<float[]> frames : clips) {
      if (frames.isEmpty()) {
        throw new IllegalArgumentException("a clip needs at least one frame");
      }
      double[] sum = new double[frames.get(0).length];
      for (float[] p : frames) {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += p[i];
        }
      }
      float[] mean = new float[sum.length];
      for (int i = 0; i < mean.length; i++) {
        mean[i] = (float) (sum[i] / frames.size());
      }
      out.add(mean);
    }
    return out;
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
