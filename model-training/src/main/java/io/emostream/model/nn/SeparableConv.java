package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias}: a depthwise 3x3 (TF
 * 'same' padding, no bias), a pointwise 1x1 (no bias), then one bias. No activation. NCHW.
 */
public final class SeparableConv extends AbstractBlock {
  private final int in;
  private final int out;
  private final int stride;
  private final Parameter depthwise;
  private final Parameter pointwise;
  private final Parameter bias;

  public SeparableConv(int in, int out, int stride) {
    this.in = in;
    this.out = out;
    this.stride = stride;
    depthwise =
        addParameter(
            Parameter.builder()
                .setName("depthwise_filter")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, 1, 3, 3))
                .build());
    pointwise =
        addParameter(
            Parameter.builder()
                .setName("pointwise_filter")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, 1, 1))
                .build());
    bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = TfOps.padSame(inputs.singletonOrThrow(), 3, stride, 0);
    NDArray dw = ps.getValue(depthwise, x.getDevice(), training);
    NDArray pw = ps.getValue(pointwise, x.getDevice(), training);
    NDArray b = ps.getValue(bias, x.getDevice(), training);
    NDArray spatial =
        Conv2d.conv2d(x, dw, null, new Shape(stride, stride), new Shape(0, 0), new Shape(1, 1), in)
            .singletonOrThrow();
    return Conv2d.conv2d(spatial, pw, b, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {
      new Shape(s.get(0), out, (s.get(2) + stride - 1) / stride, (s.get(3) + stride - 1) / stride)
    };
  }

  public int in() {
    return in;
  }

  public int stride() {
    return stride;
  }

  public Parameter depthwise() {
    return depthwise;
  }

  public Parameter pointwise() {
    return pointwise;
  }

  public Parameter bias() {
    return bias;
  }
}
