package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * face-api's FaceExpressionNet: {@link FaceFeatureExtractor} and a 256→7 fully connected layer.
 * Input {@code [N, 112, 112, 3]} NHWC; output {@code [N, 7]} logits in face-api's class order
 * (neutral, happy, sad, angry, fearful, disgusted, surprised), the same as EmoStream's.
 */
public final class FaceExpressionNet extends AbstractBlock {
  public static final int CLASSES = 7;

  private final FaceFeatureExtractor extractor;
  private final Parameter fcWeights;
  private final Parameter fcBias;

  public FaceExpressionNet() {
    extractor = addChildBlock("extractor", new FaceFeatureExtractor());
    // Kept in TF's [in, out] layout: logits = features · W + b.
    fcWeights =
        addParameter(
            Parameter.builder()
                .setName("fc_weights")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(FaceFeatureExtractor.FEATURES, CLASSES))
                .build());
    fcBias =
        addParameter(
            Parameter.builder()
                .setName("fc_bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(CLASSES))
                .build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray features = extractor.forward(ps, inputs, training).singletonOrThrow();
    return new NDList(classify(ps, features, training));
  }

  /** The classifier head alone, on features the extractor computed earlier. */
  public NDArray classify(ParameterStore ps, NDArray features, boolean training) {
    NDArray w = ps.getValue(fcWeights, features.getDevice(), training);
    NDArray b = ps.getValue(fcBias, features.getDevice(), training);
    return features.matMul(w).add(b);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    extractor.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), CLASSES)};
  }

  public FaceFeatureExtractor extractor() {
    return extractor;
  }

  public Parameter fcWeights() {
    return fcWeights;
  }

  public Parameter fcBias() {
    return fcBias;
  }
}
