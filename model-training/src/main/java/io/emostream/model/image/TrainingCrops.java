package io.emostream.model.image;

import java.awt.image.BufferedImage;

/**
 * Face crops as they are kept for annotation and retraining: centred on a square and resized to the
 * model's input size as serving prepares them (so a crop decoded for training is what the encoder
 * saw), then JPEG-encoded. Kept crops are small: 16 crops of 112² are about 60 KB.
 */
public final class TrainingCrops {
  private TrainingCrops() {}

  /**
   * @param crop the face's crop of the frame, floats 0..255
   * @param size side of the model's square input
   * @param quality JPEG quality, 0..1
   */
  public static byte[] jpeg(RgbImage crop, int size, float quality) {
    float[] hwc = LegacyBilinearResize.resize(SquarePadding.centred(crop), size, size).hwc();
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int[] packed = new int[size * size];
    for (int p = 0; p < packed.length; p++) {
      packed[p] =
          channel(hwc[3 * p]) << 16 | channel(hwc[3 * p + 1]) << 8 | channel(hwc[3 * p + 2]);
    }
    image.setRGB(0, 0, size, size, packed, 0, size);
    return Jpeg.encode(image, quality);
  }

  private static int channel(float v) {
    return Math.round(Math.max(0, Math.min(255, v)));
  }
}
