package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;

/**
 * TensorFlow semantics that PyTorch-style ops lack, on NCHW arrays. TF's {@code 'same'} padding is
 * asymmetric at stride 2 on even sizes (0 before, 1 after); PyTorch's {@code padding=1} would pad
 * both sides and shift the sampling grid by a pixel.
 */
public final class TfOps {
  /** float32(0.1), the alpha of face-api's leaky relu. */
  private static final float LEAKY_ALPHA = 0.1f;

  private TfOps() {}

  /** Pads H and W as TF's 'same' does for kernel k and stride s, with {@code value}. */
  public static NDArray padSame(NDArray x, int k, int s, double value) {
    Shape shape = x.getShape();
    int[] h = samePad(shape.get(2), k, s);
    int[] w = samePad(shape.get(3), k, s);
    if (h[0] == 0 && h[1] == 0 && w[0] == 0 && w[1] == 0) {
      return x;
    }
    return x.pad(new Shape(w[0], w[1], h[0], h[1]), value); // last dimension first
  }

  /**
   * {before, after} for TF 'same': out = ceil(n/s), total = max((out-1)s + k - n, 0), before =
   * total/2.
   */
  static int[] samePad(long n, int k, int s) {
    long out = (n + s - 1) / s;
    long total = Math.max((out - 1) * s + k - n, 0);
    return new int[] {(int) (total / 2), (int) (total - total / 2)};
  }

  /** {@code tf.maxPool(x, [k,k], [s,s], 'same')}: padding counts as -inf. */
  public static NDArray maxPoolSame(NDArray x, int k, int s) {
    NDArray padded = padSame(x, k, s, Double.NEGATIVE_INFINITY);
    return Pool.maxPool2d(padded, new Shape(k, k), new Shape(s, s), new Shape(0, 0), false);
  }

  /** face-api's leaky relu, {@code relu(x - 0.1x) + 0.1x}, in that op order. */
  public static NDArray leakyRelu(NDArray x) {
    NDArray scaled = x.mul(LEAKY_ALPHA);
    return Activation.relu(x.sub(scaled)).add(scaled);
  }
}
