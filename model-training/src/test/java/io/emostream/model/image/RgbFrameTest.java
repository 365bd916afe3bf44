package io.emostream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RgbFrameTest {

  @Test
  void readsEveryRasterLayoutExactlyAsGetRgbDoes() {
    Random random = new Random(7);
    for (int type :
        new int[] {
          BufferedImage.TYPE_3BYTE_BGR,
          BufferedImage.TYPE_4BYTE_ABGR,
          BufferedImage.TYPE_INT_RGB,
          BufferedImage.TYPE_INT_ARGB,
          BufferedImage.TYPE_BYTE_GRAY,
          BufferedImage.TYPE_USHORT_565_RGB
        }) {
      BufferedImage image = new BufferedImage(5, 3, type);
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 5; x++) {
          image.setRGB(x, y, 0xFF000000 | random.nextInt(0xFFFFFF));
        }
      }
      byte[] rgb = RgbFrame.of(image).rgb();
      for (int i = 0; i < 15; i++) {
        int expected = image.getRGB(i % 5, i / 5);
        assertThat(new int[] {rgb[3 * i] & 0xFF, rgb[3 * i + 1] & 0xFF, rgb[3 * i + 2] & 0xFF})
            .as("type %d pixel %d", type, i)
            .containsExactly((expected >> 16) & 0xFF, (expected >> 8) & 0xFF, expected & 0xFF);
      }
    }
  }

  @Test
  void readsASubimageThroughTheGeneralPath() {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(2, 1, 0x123456);
    byte[] rgb = RgbFrame.of(image.getSubimage(2, 1, 2, 2)).rgb();
    assertThat(new int[] {rgb[0] & 0xFF, rgb[1] & 0xFF, rgb[2] & 0xFF})
        .containsExactly(0x12, 0x34, 0x56);
  }

  @org.junit.jupiter.api.Test
  void cropOfBytesEqualsCropOfTheWholeFrame() {
    byte[] rgb = new byte[7 * 5 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 37);
    }
    RgbImage viaWhole = new RgbFrame(7, 5, rgb).toImage().crop(2, 1, 4, 3);
    RgbImage direct = new RgbFrame(7, 5, rgb).crop(2, 1, 4, 3);
    assertThat(direct.hwc()).containsExactly(viaWhole.hwc());
    assertThatThrownBy(() -> new RgbFrame(7, 5, rgb).crop(5, 0, 3, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
