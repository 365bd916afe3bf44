package io.emostream.jobs.frames;

import io.emostream.model.ConfinedFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
      requested = Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a local file URI");
    }
    Path real;
    try {
      real = ConfinedFiles.resolveInside(requested, stores()).orElseThrow(FileBlobReader::outside);
    } catch (NoSuchFileException e) {
      throw new IOException("no such blob in the claim-check store");
    }
    return ConfinedFiles.readBounded(real, maxBytes, "the claim-checked blob");
  }

  private List<Path> stores() {
    return roots.stream().map(Path::of).toList();
  }

  private static IOException outside() {
    return new IOException("the claim check points outside the configured claim-check stores");
  }
}
