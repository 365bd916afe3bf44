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
 * face-api's TinyFaceDetector network (tiny YOLOv2 with separable convolutions): input {@code [N,
 * S, S, 3]} NHWC (S a multiple of 32, default 416), output the raw head {@code [N, S/32, S/32, 25]}
 * NHWC: 5 anchors × (tx, ty, tw, th, objectness) per cell.
 */
public final class TinyFaceDetectorNet extends AbstractBlock {
  public static final int DEFAULT_INPUT_SIZE = 416;
  private static final int[] CHANNELS = {16, 32, 64, 128, 256, 512};

  private final TfConv2d conv0;
  private final SeparableConv[] separable = new SeparableConv[5];
  private final TfConv2d conv8;

  public TinyFaceDetectorNet() {
    conv0 = addChildBlock("conv0", new TfConv2d(3, 16, 3, 1, false));
    for (int i = 0; i < 5; i++) {
      separable[i] =
          addChildBlock("conv" + (i + 1), new SeparableConv(CHANNELS[i], CHANNELS[i + 1], 1));
    }
    conv8 = addChildBlock("conv8", new TfConv2d(512, 25, 1, 1, false));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow().transpose(0, 3, 1, 2);
    x = TfOps.leakyRelu(conv0.forward(ps, new NDList(x), training).singletonOrThrow());
    for (int i = 0; i < 5; i++) {
      x = TfOps.maxPoolSame(x, 2, 2);
      x = TfOps.leakyRelu(separable[i].forward(ps, new NDList(x), training).singletonOrThrow());
    }
    x = TfOps.maxPoolSame(x, 2, 1);
    NDArray head = conv8.forward(ps, new NDList(x), training).singletonOrThrow();
    return new NDList(head.transpose(0, 2, 3, 1)); // NCHW -> NHWC, as the decoder reads it
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    Shape[] shapes = {new Shape(s.get(0), 3, s.get(1), s.get(2))};
    for (Block child : getChildren().values()) {
      child.initialize(
          manager, dataType, shapes); // parameter shapes are fixed; input shapes are informative
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long cells = (inputShapes[0].get(1) - 2 + 31) / 32;
    return new Shape[] {new Shape(inputShapes[0].get(0), cells, cells, 25)};
  }

  public TfConv2d conv0() {
    return conv0;
  }

  public SeparableConv separable(int i) {
    return separable[i];
  }

  public TfConv2d conv8() {
    return conv8;
  }
}
