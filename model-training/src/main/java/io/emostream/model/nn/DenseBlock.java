package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * face-api's {@code denseBlock4}: four convolutions where each one's input is the relu of the sum
 * of all earlier outputs of the block (additive, no concatenation). The first halves the size. Sums
 * are associated exactly as TF.js does, so float32 results match.
 */
public final class DenseBlock extends AbstractBlock {
  private final Block conv0;
  private final SeparableConv conv1;
  private final SeparableConv conv2;
  private final SeparableConv conv3;

  /**
   * @param firstIsConv the network's first block starts with a plain convolution, not a separable
   *     one
   */
  public DenseBlock(int in, int out, boolean firstIsConv) {
    conv0 =
        addChildBlock(
            "conv0",
            firstIsConv ? new TfConv2d(in, out, 3, 2, true) : new SeparableConv(in, out, 2));
    conv1 = addChildBlock("conv1", new SeparableConv(out, out, 1));
    conv2 = addChildBlock("conv2", new SeparableConv(out, out, 1));
    conv3 = addChildBlock("conv3", new SeparableConv(out, out, 1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray out1 = Activation.relu(conv0.forward(ps, inputs, training).singletonOrThrow());
    NDArray out2 = conv1.forward(ps, new NDList(out1), training).singletonOrThrow();
    NDArray out3 =
        conv2.forward(ps, new NDList(Activation.relu(out1.add(out2))), training).singletonOrThrow();
    NDArray out4 =
        conv3
            .forward(ps, new NDList(Activation.relu(out1.add(out2.add(out3)))), training)
            .singletonOrThrow();
    return new NDList(Activation.relu(out1.add(out2.add(out3.add(out4)))));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType, shapes);
      shapes = child.getOutputShapes(shapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv0.getOutputShapes(inputShapes);
  }

  public Block conv(int i) {
    return getChildren().get(i).getValue();
  }
}
