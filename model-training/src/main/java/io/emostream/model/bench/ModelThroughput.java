package io.emostream.model.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/**
 * Measures how many inputs per second a model's network (forward pass only, inputs already
 * preprocessed) gets through at a batch size: warm-up, then repeated timed rounds; reports the
 * median round. Measured, never assumed: the bench commands print these numbers.
 */
public final class ModelThroughput {
  /** Items per second: median and the range over rounds. */
  public record Result(int batch, double median, double min, double max, int rounds) {}

  private ModelThroughput() {}

  /**
   * @param item one preprocessed input, repeated to fill the batch
   * @param itemShape its shape without the batch axis
   */
  public static Result measure(Model model, float[] item, Shape itemShape, int batch, double secondsPerRound, int rounds) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      float[] data = new float[item.length * batch];
      for (int i = 0; i < batch; i++) {
        System.arraycopy(item, 0, data, i * item.length, item.length);
      }
      long[] dims = new long[itemShape.dimension() + 1];
      dims[0] = batch;
      System.arraycopy(itemShape.getShape(), 0, dims, 1, itemShape.dimension());
      NDArray x = manager.create(data, new Shape(dims));
      ParameterStore ps = new ParameterStore(manager, false);
      runFor(model, ps, x, Math.max(0.5, secondsPerRound / 2)); // warm-up: allocators, caches, JIT
      double[] perSecond = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        perSecond[r] = runFor(model, ps, x, secondsPerRound) * batch;
      }
      Arrays.sort(perSecond);
      return new Result(batch, perSecond[rounds / 2], perSecond[0], perSecond[rounds - 1], rounds);
    }
  }

  /** Forward passes per second over about {@code seconds}. */
  private static double runFor(Model model, ParameterStore ps, NDArray x, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    int passes = 0;
    do {
      try (NDManager step = x.getManager().newSubManager()) {
        x.tempAttach(step); // intermediates land in 'step' and are freed with it; x returns after
        NDList out = model.getBlock().forward(ps, new NDList(x), false);
        out.singletonOrThrow().toFloatArray(); // wait for the result, as a caller would
        passes++;
      }
    } while (System.nanoTime() < deadline);
    return passes / ((System.nanoTime() - start) / 1e9);
  }
}
