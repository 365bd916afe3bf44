package io.emostream.jobs.frames;

import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * ImageIO decoding that treats a decoder warning as an error: ImageIO fills what a damaged stream
 * lacks with grey and only warns, and a frame with invented pixels must not be scored.
 */
final class StrictImageIo {
  private StrictImageIo() {}

  static BufferedImage read(byte[] bytes, FrameEncoding format) throws FrameRejectedException {
    String name = format == FrameEncoding.PNG ? "png" : "jpeg";
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(name);
    if (!readers.hasNext()) {
      throw new FrameRejectedException(
          DeadLetterReason.UNDECODABLE_IMAGE, "no " + format + " decoder in this JVM");
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      BufferedImage image = reader.read(0);
      if (!warnings.isEmpty()) {
        throw new FrameRejectedException(
            DeadLetterReason.UNDECODABLE_IMAGE,
            format + " is damaged: " + String.join("; ", warnings));
      }
      return image;
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt streams as IIOException or, sometimes, runtime exceptions
      throw new FrameRejectedException(
          DeadLetterReason.UNDECODABLE_IMAGE, format + " decode failed: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }
}
