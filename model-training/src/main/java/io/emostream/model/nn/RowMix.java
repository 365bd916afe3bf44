package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Mixes each row of a batch with a partner row: {@code λ_i·x_i + (1 − λ_i)·x_partner(i)}, the same
 * λ over every other axis (frames, pixels, features). The one operation behind MIDAS, mixup and
 * feature-space mixing.
 */
public final class RowMix {
  private RowMix() {}

  /**
   * @param batch {@code [B, ...]}
   * @param partners {@code [B]} int64 row indices
   * @param lambda {@code [B]} float32
   */
  public static NDArray mix(NDArray batch, NDArray partners, NDArray lambda) {
    long[] axes = new long[batch.getShape().dimension()];
    Arrays.fill(axes, 1);
    axes[0] = batch.getShape().get(0);
    NDArray l = lambda.toDevice(batch.getDevice(), false).reshape(new Shape(axes));
    NDArray others = batch.get(new NDIndex("{}", partners.toDevice(batch.getDevice(), false)));
    return batch.mul(l).add(others.mul(l.neg().add(1)));
  }
}
