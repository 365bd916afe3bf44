package io.emostream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

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
    NDManager manager = clips.getManager();
    int b = plan.partner().length;
    if (clips.getShape().get(0) != b || targets.getShape().get(0) != b) {
      throw new IllegalArgumentException(
          "plan is for " + b + " clips, batch has " + clips.getShape().get(0));
    }
    long[] index = new long[b];
    for (int i = 0; i < b; i++) {
      index[i] = plan.partner()[i];
    }
    NDArray partners = manager.create(index);
    NDArray lambda = manager.create(plan.lambda()).toDevice(clips.getDevice(), false);
    long[] clipAxes = new long[clips.getShape().dimension()];
    Arrays.fill(clipAxes, 1);
    clipAxes[0] = b;
    NDArray l = lambda.reshape(new Shape(clipAxes));
    NDArray mixedClips =
        clips.mul(l).add(clips.get(new NDIndex("{}", partners)).mul(l.neg().add(1)));
    NDArray lt = lambda.reshape(b, 1);
    NDArray mixedTargets =
        targets.mul(lt).add(targets.get(new NDIndex("{}", partners)).mul(lt.neg().add(1)));
    return new NDList(mixedClips, mixedTargets);
  }
}
