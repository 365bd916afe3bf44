package io.emostream.bench;

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
  public static Result measure(
      Model model, float[] item, Shape itemShape, int batch, double secondsPerRound, int rounds) {
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

  /**
   * {@code workers} threads measuring at once, each its own batches; the result is their summed
   * items per second (how a job with one model operator per core uses the machine).
   */
  public static Result measureParallel(
      Model model,
      float[] item,
      Shape itemShape,
      int batch,
      int workers,
      double secondsPerRound,
      int rounds)
      throws InterruptedException {
    if (workers == 1) {
      return measure(model, item, itemShape, batch, secondsPerRound, rounds);
    }
    Result[] results = new Result[workers];
    RuntimeException[] failure = new RuntimeException[1];
    Thread[] threads = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      int index = w;
      threads[w] =
          new Thread(
              () -> {
                try {
                  results[index] = measure(model, item, itemShape, batch, secondsPerRound, rounds);
                } catch (RuntimeException e) {
                  failure[0] = e;
                }
              },
              "model-throughput-" + w);
      threads[w].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    double median = 0;
    double min = 0;
    double max = 0;
    for (Result r : results) {
      median += r.median();
      min += r.min();
      max += r.max();
    }
    return new Result(batch, median, min, max, rounds);
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
