package io.emostream.model.tfjs;

import java.util.Arrays;

/**
 * One dequantized weight tensor as TF.js stores it: row-major float32 values in the manifest shape
 * (convolutions HWIO, depthwise [kh, kw, in, 1], dense [in, out]).
 */
public record TfjsTensor(String name, long[] shape, float[] values) {

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
