package io.emostream.jobs.frames;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Claim-check blobs in configured store directories on a local or shared file system ({@code
 * file://} URIs). A URI resolves only to a regular file inside a store: {@code ..} and symbolic
 * links that lead out of it, device files and directories are refused, and the refusal says nothing
 * about what lies outside (not whether it exists, nor its size). Reads are bounded by the size
 * limit, whatever the file system reports.
 */
public final class FileBlobReader implements BlobReader {
  private static final long serialVersionUID = 1L;

  private final List<String> roots;

  /**
   * @param roots store directories; relative ones resolve against the working directory
   */
  public FileBlobReader(List<String> roots) {
    this.roots = List.copyOf(roots);
  }

  @Override
  public boolean supports(String scheme) {
    return "file".equalsIgnoreCase(scheme);
  }

  @Override
  public byte[] read(URI uri, long maxBytes) throws IOException {
    Path requested;
    try {
      requested = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) {
      throw new IOException("not a local file URI");
    }
    Path store = storeOf(requested);
    if (store == null) {
      throw outside();
    }
    Path real;
    try {
      real = requested.toRealPath(); // follows links: where the bytes really are
      if (!real.startsWith(store.toRealPath())) {
        throw outside();
      }
    } catch (NoSuchFileException e) {
      throw new IOException("no such blob in the claim-check store");
    }
    BasicFileAttributes attributes =
        Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException("the claim check does not name a regular file");
    }
    if (attributes.size() > maxBytes) {
      throw new IOException(
          "blob holds " + attributes.size() + " bytes, more than the limit of " + maxBytes);
    }
    try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) { // grew after the size check
        throw new IOException("blob holds more than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    }
  }

  private Path storeOf(Path requested) {
    for (String root : roots) {
      Path store = Path.of(root).toAbsolutePath().normalize();
      if (requested.startsWith(store) && !requested.equals(store)) {
        return store;
      }
    }
    return null;
  }

  private static IOException outside() {
    return new IOException("the claim check points outside the configured claim-check stores");
  }
}
