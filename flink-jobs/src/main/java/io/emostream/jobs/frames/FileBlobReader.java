package io.emostream.jobs.frames;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Claim-check blobs on a local or shared file system ({@code file://} URIs). */
public final class FileBlobReader implements BlobReader {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean supports(String scheme) {
    return "file".equalsIgnoreCase(scheme);
  }

  @Override
  public byte[] read(URI uri, long maxBytes) throws IOException {
    Path path = Path.of(uri);
    long size = Files.size(path);
    if (size > maxBytes) {
      throw new IOException(path + " holds " + size + " bytes, more than the limit of " + maxBytes);
    }
    return Files.readAllBytes(path);
  }
}
