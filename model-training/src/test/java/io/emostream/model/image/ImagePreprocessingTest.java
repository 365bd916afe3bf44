package io.emostream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {

  private static RgbImage gray(int w, int h, float... values) {
    float[] hwc = new float[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      hwc[3 * i] = hwc[3 * i + 1] = hwc[3 * i + 2] = values[i];
    }
    return new RgbImage(w, h, hwc);
  }

  @Test
  void centredPaddingPutsTheOddColumnAfter() {
    RgbImage tall = gray(1, 4, 1, 2, 3, 4); // diff 3: 1 column before, 2 after
    RgbImage square = SquarePadding.centred(tall);
    assertThat(square.width()).isEqualTo(4);
    assertThat(square.hwc()[0]).isZero();
    assertThat(square.hwc()[3]).isEqualTo(1f); // row 0, column 1
    assertThat(square.hwc()[6]).isZero();
  }

  @Test
  void detectorPaddingPutsEverythingAtTheBottom() {
    RgbImage wide = gray(2, 1, 5, 6);
    RgbImage square = SquarePadding.bottomRight(wide);
    assertThat(square.hwc()).containsExactly(5, 5, 5, 6, 6, 6, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void legacyResizeSamplesWithoutHalfPixelCentres() {
    // 4 -> 2: source rows/cols 0 and 2 exactly (ratio 2, no interpolation needed), unlike
    // half-pixel
    // centred resizers, which would average neighbours.
    RgbImage in = gray(4, 1, 0, 10, 20, 30);
    RgbImage out = LegacyBilinearResize.resize(in, 1, 2);
    assertThat(out.hwc()).containsExactly(0, 0, 0, 20, 20, 20);

    // 2 -> 4: src = 0.5 * c: 0, 5, 10, 10 (the last clamps to the edge)
    RgbImage up = LegacyBilinearResize.resize(gray(2, 1, 0, 10), 1, 4);
    assertThat(up.hwc()).containsExactly(0, 0, 0, 5, 5, 5, 10, 10, 10, 10, 10, 10);
  }
}
