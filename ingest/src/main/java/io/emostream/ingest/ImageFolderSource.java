package io.emostream.ingest;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of images (JPEG, PNG, BMP), in name order, as a finite source at a nominal frame rate.
 * An unreadable file is reported and skipped; the rest still flow.
 */
final class ImageFolderSource implements FrameSource {
  private final List<Path> files;
  private final long frameMicros;
  private final BiConsumer<Path, String> onBadFile;
  private int next;

  ImageFolderSource(Path folder, double fps, BiConsumer<Path, String> onBadFile)
      throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(ImageFolderSource::isImage).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException(folder + " holds no images (jpg, jpeg, png, bmp)");
    }
    this.frameMicros = Math.round(1_000_000 / fps);
    this.onBadFile = onBadFile;
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp");
  }

  @Override
  public CapturedFrame read() {
    while (next < files.size()) {
      int index = next++;
      Path file = files.get(index);
      try {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
          throw new IOException("not an image any decoder recognises");
        }
        return new CapturedFrame(image, index * frameMicros, System.currentTimeMillis());
      } catch (IOException | RuntimeException e) {
        onBadFile.accept(file, e.getMessage());
      }
    }
    return null;
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public void close() {}
}
