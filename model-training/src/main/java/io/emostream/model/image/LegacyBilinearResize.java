package io.emostream.model.image;

/**
 * TensorFlow 1's bilinear resize with {@code alignCorners=false, halfPixelCenters=false}, as
 * tfjs-backend-cpu 4.22 computes it: source coordinate {@code in/out * r} (no half-pixel centres),
 * interpolation along columns first, arithmetic in double, one rounding to float32 per value.
 * Java2D's and PyTorch's resizers use half-pixel centres and give different pixels.
 */
public final class LegacyBilinearResize {
  private LegacyBilinearResize() {}

  public static RgbImage resize(RgbImage image, int outHeight, int outWidth) {
    int inH = image.height();
    int inW = image.width();
    if (inH == outHeight && inW == outWidth) {
      return image;
    }
    float[] in = image.hwc();
    float[] out = new float[outHeight * outWidth * 3];
    double rowRatio = (double) inH / outHeight;
    double colRatio = (double) inW / outWidth;
    int[] c0 = new int[outWidth];
    int[] c1 = new int[outWidth];
    double[] fc = new double[outWidth];
    for (int c = 0; c < outWidth; c++) {
      double src = colRatio * c;
      c0[c] = (int) Math.floor(src);
      c1[c] = Math.min((int) Math.ceil(src), inW - 1);
      fc[c] = src - c0[c];
    }
    int o = 0;
    for (int r = 0; r < outHeight; r++) {
      double src = rowRatio * r;
      int r0 = (int) Math.floor(src);
      int r1 = Math.min((int) Math.ceil(src), inH - 1);
      double fr = src - r0;
      int top = r0 * inW * 3;
      int bottom = r1 * inW * 3;
      for (int c = 0; c < outWidth; c++) {
        int left = c0[c] * 3;
        int right = c1[c] * 3;
        for (int d = 0; d < 3; d++) {
          double tl = in[top + left + d];
          double tr = in[top + right + d];
          double bl = in[bottom + left + d];
          double br = in[bottom + right + d];
          double t = tl + (tr - tl) * fc[c];
          double b = bl + (br - bl) * fc[c];
          out[o++] = (float) (t + (b - t) * fr);
        }
      }
    }
    return new RgbImage(outWidth, outHeight, out);
  }
}
