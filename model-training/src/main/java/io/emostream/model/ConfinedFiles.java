package io.emostream.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Files named by others (claim checks, released bundles), confined to directories we chose: a path
 * counts only if it lies below one of the roots both as written ({@code ..} resolved) and where its
 * links really lead; reads take regular files only, bounded by a size limit whatever the file
 * system reports.
 */
public final class ConfinedFiles {
  private ConfinedFiles() {}

  /**
   * Where {@code requested} really is, if strictly below one of {@code roots}; empty otherwise.
   *
   * @throws java.nio.file.NoSuchFileException when it is below a root but does not exist
   */
  public static Optional<Path> resolveInside(Path requested, List<Path> roots) throws IOException {
    Path normal = requested.toAbsolutePath().normalize();
    for (Path root : roots) {
      Path r = root.toAbsolutePath().normalize();
      if (normal.startsWith(r) && !normal.equals(r)) {
        Path real = normal.toRealPath(); // follows links: where the bytes really are
        return real.startsWith(r.toRealPath()) ? Optional.of(real) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The bytes of a regular file (links not followed), at most {@code maxBytes}: the size is checked
   * before reading and the read is bounded, in case the file grows meanwhile.
   *
   * @param what names the file in messages, e.g. "blob"
   */
  public static byte[] readBounded(Path file, long maxBytes, String what) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException(what + " is not a regular file");
    }
    if (attributes.size() > maxBytes) {
      throw new IOException(
          what + " holds " + attributes.size() + " bytes, more than the limit of " + maxBytes);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw new IOException(what + " holds more than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    }
  }
}
