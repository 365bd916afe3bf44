package io.emostream.model.bundle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.function.BiFunction;

/**
 * One network stage on float tensors, whichever DJL engine holds it: the input is created in the
 * stage's own manager (a PyTorch model's, or an ONNX Runtime model's), the output read back as
 * floats, and everything the step made is freed with it.
 */
record TensorStage(NDManager manager, BiFunction<ParameterStore, NDArray, NDArray> forward) {

  /** A block whose parameters (if any) live in {@code manager}: a loaded model's whole graph. */
  static TensorStage of(NDManager manager, Block block) {
    return new TensorStage(
        manager, (ps, x) -> block.forward(ps, new NDList(x), false).singletonOrThrow());
  }

  /** The output rows, {@code width} floats each. */
  float[][] run(float[] input, Shape shape, int width) {
    try (NDManager step = manager.newSubManager()) {
      NDArray out = forward.apply(new ParameterStore(step, false), step.create(input, shape));
      if (out.getShape().dimension() != 2
          || out.getShape().get(0) != shape.get(0)
          || out.getShape().get(1) != width) {
        throw new IllegalStateException(
            "returned shape "
                + out.getShape()
                + ", expected ("
                + shape.get(0)
                + ", "
                + width
                + ")");
      }
      float[] flat = out.toFloatArray();
      float[][] rows = new float[(int) shape.get(0)][width];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(flat, i * width, rows[i], 0, width);
      }
      return rows;
    }
  }
}
