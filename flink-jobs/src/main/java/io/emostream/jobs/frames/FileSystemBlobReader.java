package io.emostream.jobs.frames;

import io.emostream.jobs.fs.FileSystemCopies;
import io.emostream.jobs.fs.StoreRoots;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
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

  private final StoreRoots roots;

  /**
   * @param roots store URIs with a scheme and authority, e.g. {@code s3://bucket/claims}
   */
  public FileSystemBlobReader(List<String> roots) {
    this.roots = new StoreRoots(roots);
  }

  @Override
  public boolean supports(String scheme) {
    return roots.hasScheme(scheme);
  }

  @Override
  public byte[] read(URI uri, long maxBytes) throws IOException {
    if (!roots.contains(uri)) {
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
    return FileSystemCopies.read(uri, maxBytes, "the claim-checked blob");
  }
}
