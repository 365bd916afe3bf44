package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The per-frame face encoder of face-api's FaceExpressionNet: four dense blocks (3→32→64→128→256
 * channels, 112→7 pixels) and global average pooling. Input {@code [N, 112, 112, 3]} NHWC RGB,
 * normalised by {@code MeanNormalization.EXPRESSION_MEAN}; output {@code [N, 256]}. Usable alone as
 * the encoder of a trainable clip model.
 */
public final class FaceFeatureExtractor extends AbstractBlock {
  public static final int INPUT_SIZE = 112;
  public static final int FEATURES = 256;
  private static final int[] CHANNELS = {3, 32, 64, 128, 256};

  public FaceFeatureExtractor() {
    for (int i = 0; i < 4; i++) {
      addChildBlock("dense" + i, new DenseBlock(CHANNELS[i], CHANNELS[i + 1], i == 0));
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow().transpose(0, 3, 1, 2); // NHWC -> NCHW
    NDList current = new NDList(x);
    for (Block dense : getChildren().values()) {
      current = dense.forward(ps, current, training);
    }
    // avgPool 7x7 stride 2 'valid' on a 7x7 map is the mean over all 49 positions
    NDArray map = current.singletonOrThrow();
    return new NDList(map.reshape(map.getShape().get(0), FEATURES, -1).mean(new int[] {2}));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    Shape[] shapes = {new Shape(s.get(0), s.get(3), s.get(1), s.get(2))};
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType, shapes);
      shapes = child.getOutputShapes(shapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), FEATURES)};
  }

  public DenseBlock dense(int i) {
    return (DenseBlock) getChildren().get(i).getValue();
  }
}
