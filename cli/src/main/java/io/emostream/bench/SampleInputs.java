package io.emostream.bench;

import io.emostream.model.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The benchmarks' inputs: the sample portrait and its face region. */
public final class SampleInputs {
  private static final String PORTRAIT = "/io/emostream/model/sample/astronaut.png";

  private SampleInputs() {}

  public static RgbImage image() {
    try (InputStream in = SampleInputs.class.getResourceAsStream(PORTRAIT)) {
      if (in == null) {
        throw new IllegalStateException(PORTRAIT + " is missing from the class path");
      }
      return RgbImage.of(ImageIO.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The astronaut's face region (as TinyFaceDetector finds it), 116x111 px. */
  public static RgbImage face() {
    return image().crop(163, 75, 116, 111);
  }
}
