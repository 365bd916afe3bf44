package io.emostream.jobs.frames;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Claim-check blobs in stores that Flink's file systems reach ({@code s3://} with Flink's s3
 * plugin, {@code hdfs://}, …), so every TaskManager of a cluster reads the same store. The file
 * system is configured by the cluster ({@code s3.endpoint}, {@code s3.access-key}, …). A URI
 * resolves only to an object under a configured root (same scheme and bucket or authority, path
 * below the root's after normalisation; no {@code .} or {@code ..} segments, encoded or not), and
 * the refusal says nothing about what lies outside. Reads are bounded by the size limit, whatever
 * the store reports.
 */
public final class FileSystemBlobReader implements BlobReader {
  private static final long serialVersionUID = 1L;

  private final List<String> roots;

  /**
   * @param roots store URIs with a scheme and authority, e.g. {@code s3://bucket/claims}
   */
  public FileSystemBlobReader(List<String> roots) {
    this.roots = roots.stream().map(FileSystemBlobReader::root).toList();
  }

  /** Whether {@code location} names a store of this reader (a URI with a scheme but file:). */
  public static boolean handles(String location) {
    String scheme = URI.create(location.strip()).getScheme();
    return scheme != null && scheme.length() > 1 && !"file".equalsIgnoreCase(scheme);
  }

  @Override
  public boolean supports(String scheme) {
    return roots.stream().anyMatch(r -> URI.create(r).getScheme().equalsIgnoreCase(scheme));
  }

  @Override
  public byte[] read(URI uri, long maxBytes) throws IOException {
    if (!inside(uri)) {
      throw new IOException("the claim check points outside the configured claim-check stores");
    }
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem();
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new IOException("no such blob in the claim-check store");
    }
    if (status.isDir()) {
      throw new IOException("the claim-checked blob is not an object");
    }
    if (status.getLen() > maxBytes) {
      throw new IOException(
          "the claim-checked blob holds "
              + status.getLen()
              + " bytes, more than the limit of "
              + maxBytes);
    }
    try (InputStream in = fs.open(path)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw new IOException(
            "the claim-checked blob holds more than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    }
  }

  private boolean inside(URI uri) {
    if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getPath() == null) {
      return false;
    }
    for (String segment : uri.getPath().split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    String requested = key(uri);
    return roots.stream().anyMatch(requested::startsWith);
  }

  private static String root(String location) {
    URI uri = URI.create(location.strip());
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          "claim-check store " + location + " is not a URI with a scheme and a bucket");
    }
    String key = key(uri);
    return key.endsWith("/") ? key : key + "/";
  }

  /** Scheme and authority compared case-insensitively, the path as decoded. */
  private static String key(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + uri.getRawAuthority().toLowerCase(Locale.ROOT)
        + (uri.getPath().isEmpty() ? "/" : uri.getPath());
  }
}
