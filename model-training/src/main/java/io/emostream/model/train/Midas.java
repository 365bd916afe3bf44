package io.emostream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.emostream.model.nn.RowMix;

/**
 * MIDAS (Kawamura et al. 2024/2025): mixes clips frame by frame at the same time index and their
 * soft labels with the same λ, on the device that holds the batch. With one-hot targets this is
 * plain mixup; the {@link LabelMode} decides which targets come in.
 */
public final class Midas {
  private Midas() {}

  /**
   * @param clips {@code [B, T, H, W, C]}
   * @param targets {@code [B, 7]}
   * @return mixed clips and targets, same shapes
   */
  public static NDList mix(NDArray clips, NDArray targets, MixPlan plan) {
    int b = plan.partner().length;
    if (clips.getShape().get(0) != b || targets.getShape().get(0) != b) {
      throw new IllegalArgumentException(
          "plan is for " + b + " clips, batch has " + clips.getShape().get(0));
    }
    NDManager manager = clips.getManager();
    NDArray partners = partners(manager, plan);
    NDArray lambda = manager.create(plan.lambda());
    return new NDList(RowMix.mix(clips, partners, lambda), RowMix.mix(targets, partners, lambda));
  }

  /** The plan's partners as an int64 index array. */
  static NDArray partners(NDManager manager, MixPlan plan) {
    long[] index = new long[plan.partner().length];
    for (int i = 0; i < index.length; i++) {
      index[i] = plan.partner()[i];
    }
    return manager.create(index);
  }
}
