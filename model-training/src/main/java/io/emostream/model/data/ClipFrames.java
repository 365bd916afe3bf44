package io.emostream.model.data;

import io.emostream.model.image.LegacyBilinearResize;
import io.emostream.model.image.RgbFrame;
import io.emostream.model.image.RgbImage;
import io.emostream.model.image.SquarePadding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Turns a clip's frame images into model-ready frames: T frames sampled uniformly over the clip
 * (nearest index), each centred on a square and resized with TF's legacy bilinear, as the scoring
 * job prepares face crops, so training sees what serving sees.
 */
public final class ClipFrames {
  private ClipFrames() {}

  /** Image files of a frame folder (jpg, jpeg, png), in name order. */
  public static List<Path> list(Path folder) throws DatasetException {
    if (!Files.isDirectory(folder)) {
      throw new DatasetException(folder + ": frame folder is missing");
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> images = files.filter(ClipFrames::isImage).sorted().toList();
      if (images.isEmpty()) {
        throw new DatasetException(folder + ": no frame images (jpg, png) in the folder");
      }
      return images;
    } catch (IOException e) {
      throw new DatasetException(folder + ": cannot list frames: " + e.getMessage(), e);
    }
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
  }

  /** Indices of T frames spread uniformly over {@code available}. */
  public static int[] sample(int available, int frames) {
    int[] idx = new int[frames];
    for (int i = 0; i < frames; i++) {
      idx[i] = (int) ((long) i * available / frames);
    }
    return idx;
  }

  public static byte[][] fromFiles(List<Path> files, int frames, int size) throws DatasetException {
    return sampled(
        files.size(),
        frames,
        size,
        i -> Files.readAllBytes(files.get(i)),
        i -> files.get(i).toString());
  }

  /**
   * From encoded images (e.g. a LabelledClip's JPEG crops); {@code where} names the source in
   * errors.
   */
  public static byte[][] fromEncoded(List<byte[]> images, int frames, int size, String where)
      throws DatasetException {
    if (images.isEmpty()) {
      throw new DatasetException(where + ": the clip has no frames");
    }
    return sampled(images.size(), frames, size, images::get, i -> where + " frame " + i);
  }

  private interface Source {
    byte[] bytes(int index) throws IOException;
  }

  private static byte[][] sampled(
      int available, int frames, int size, Source source, IntFunction<String> where)
      throws DatasetException {
    byte[][] out = new byte[frames][];
    int[] idx = sample(available, frames);
    for (int i = 0; i < frames; i++) {
      try {
        out[i] = prepare(decode(source.bytes(idx[i])), size);
      } catch (IOException e) {
        throw new DatasetException(
            where.apply(idx[i]) + ": not a readable image (" + e.getMessage() + ")", e);
      }
    }
    return out;
  }

  private static BufferedImage decode(byte[] bytes) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    if (image == null) {
      throw new IOException("no image decoder recognises it");
    }
    return image;
  }

  static byte[] prepare(BufferedImage image, int size) {
    RgbImage square = SquarePadding.centred(RgbImage.of(image));
    float[] hwc = LegacyBilinearResize.resize(square, size, size).hwc();
    byte[] out = new byte[hwc.length];
    for (int i = 0; i < hwc.length; i++) {
      out[i] = (byte) Math.round(Math.max(0, Math.min(255, hwc[i])));
    }
    return out;
  }

  /** Model-ready frames back to {@link RgbImage}s, for models that take crops. */
  public static List<RgbImage> images(Clip clip, int size) {
    List<RgbImage> out = new ArrayList<>(clip.frames().length);
    for (byte[] f : clip.frames()) {
      out.add(new RgbFrame(size, size, f).toImage());
    }
    return out;
  }
}
