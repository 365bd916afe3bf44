package io.emostream.jobs.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.model.image.RgbFrame;
import io.emostream.model.sample.SampleFrames;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FfmpegJpegDecoderTest {

  @Test
  void decodesLikeImageIoWithinJpegDecoderDifferences() throws Exception {
    byte[] jpeg = SampleFrames.jpegLoop(1, 0, 0.85f).get(0);
    BufferedImage reference = ImageIO.read(new ByteArrayInputStream(jpeg));
    byte[] expected = RgbFrame.of(reference).rgb();
    try (FfmpegJpegDecoder decoder = new FfmpegJpegDecoder()) {
      for (int round = 0; round < 3; round++) { // buffers and the scaler are reused between frames
        RgbFrame rgb = decoder.decode(jpeg, 4096);
        assertThat(rgb.width()).isEqualTo(reference.getWidth());
        assertThat(rgb.height()).isEqualTo(reference.getHeight());
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
          diff += Math.abs((expected[i] & 0xff) - (rgb.rgb()[i] & 0xff));
        }
        assertThat(diff / expected.length)
            .as("mean absolute difference per channel")
            .isLessThan(2.0);
      }
    }
  }

  @Test
  void refusesCorruptTruncatedAndOversizedImages() throws Exception {
    byte[] jpeg = SampleFrames.jpegLoop(1, 0, 0.85f).get(0);
    try (FfmpegJpegDecoder decoder = new FfmpegJpegDecoder()) {
      assertThatThrownBy(() -> decoder.decode("not a jpeg".getBytes(), 4096))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, 20), 4096))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> decoder.decode(jpeg, 100)).hasMessageContaining("outside 1..100");
      assertThat(decoder.decode(jpeg, 4096).width())
          .isEqualTo(SampleFrames.SIDE); // still usable after errors
    }
  }
}
