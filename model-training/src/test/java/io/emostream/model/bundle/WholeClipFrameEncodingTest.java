package io.emostream.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.emostream.model.image.RgbImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WholeClipFrameEncodingTest {
  private static final Path BUNDLE =
      Path.of("src/test/resources/io/emostream/model/bundles/torchscript-tiny");

  private static RgbImage gradient(int w, int h, int seed) {
    float[] hwc = new float[w * h * 3];
    for (int i = 0; i < hwc.length; i++) {
      hwc[i] = (i * 7 + seed * 31) % 256;
    }
    return new RgbImage(w, h, hwc);
  }

  @Test
  void scoresCachedModelResolutionCropsExactlyAsTheWholeClipModelScoresTheCrops() throws Exception {
    try (ClipModel direct = ClipModels.load(ModelBundle.open(BUNDLE), Device.cpu());
        WholeClipFrameEncoding adapted =
            new WholeClipFrameEncoding(ClipModels.load(ModelBundle.open(BUNDLE), Device.cpu()))) {
      List<RgbImage> clipA =
          List.of(
              gradient(30, 20, 1), gradient(30, 20, 2), gradient(30, 20, 3), gradient(30, 20, 4));
      List<RgbImage> clipB =
          List.of(
              gradient(16, 40, 5), gradient(16, 40, 6), gradient(16, 40, 7), gradient(16, 40, 8));

      List<float[]> features =
          adapted.encodeFrames(List.of(clipA.get(0), clipA.get(1), clipA.get(2), clipA.get(3)));
      assertThat(features.get(0)).hasSize(16 * 16 * 3); // the crop at the model's resolution
      List<float[]> fromCache =
          adapted.scoreFeatures(List.of(features, adapted.encodeFrames(clipB)));
      List<float[]> expected = direct.predict(List.of(clipA, clipB));

      assertThat(fromCache.get(0)).containsExactly(expected.get(0), within(1e-6f));
      assertThat(fromCache.get(1)).containsExactly(expected.get(1), within(1e-6f));
    }
  }
}
