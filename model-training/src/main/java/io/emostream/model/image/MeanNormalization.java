package io.emostream.model.image;

/**
 * {@code (x - mean[channel]) / 255}, each step rounded to float32 as two separate TF.js ops are.
 */
public final class MeanNormalization {
  /** FaceExpressionNet's mean RGB. */
  public static final float[] EXPRESSION_MEAN = {122.782f, 117.001f, 104.298f};

  /** TinyFaceDetector's mean RGB. */
  public static final float[] DETECTOR_MEAN = {117.001f, 114.697f, 97.404f};

  private MeanNormalization() {}

  /** Writes the normalised HWC values of {@code image} into {@code out} at {@code offset}. */
  public static void apply(RgbImage image, float[] mean, float[] out, int offset) {
    float[] in = image.hwc();
    for (int i = 0; i < in.length; i++) {
      float centred = in[i] - mean[i % 3];
      out[offset + i] = (float) (centred / 255.0);
    }
  }
}
