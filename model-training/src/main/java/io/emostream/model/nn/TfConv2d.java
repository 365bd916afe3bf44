package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A square-kernel 2-D convolution with bias and TF padding ('same' or 'valid'), NCHW. */
public final class TfConv2d extends AbstractBlock {
  private final int out;
  private final int kernel;
  private final int stride;
  private final boolean same;
  private final Parameter filters;
  private final Parameter bias;

  public TfConv2d(int in, int out, int kernel, int stride, boolean same) {
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.same = same;
    filters =
        addParameter(
            Parameter.builder()
                .setName("filters")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel))
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
    NDArray x = inputs.singletonOrThrow();
    if (same) {
      x = TfOps.padSame(x, kernel, stride, 0);
    }
    NDArray w = ps.getValue(filters, x.getDevice(), training);
    NDArray b = ps.getValue(bias, x.getDevice(), training);
    return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(0, 0), new Shape(1, 1), 1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long h = same ? (s.get(2) + stride - 1) / stride : (s.get(2) - kernel) / stride + 1;
    long w = same ? (s.get(3) + stride - 1) / stride : (s.get(3) - kernel) / stride + 1;
    return new Shape[] {new Shape(s.get(0), out, h, w)};
  }

  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  /** TF 'same' padding (else 'valid'). */
  public boolean same() {
    return same;
  }

  public Parameter filters() {
    return filters;
  }

  public Parameter bias() {
    return bias;
  }
}
