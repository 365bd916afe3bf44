package io.emostream.jobs.frames;

import io.emostream.jobs.fs.StoreRoots;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the bytes behind a frame's claim-check URI. Implementations are selected by URI scheme. */
public interface BlobReader extends Serializable {

  /** Whether this reader handles URIs of this scheme (e.g. {@code file}). */
  boolean supports(String scheme);

  /**
   * Reads the whole blob.
   *
   * @param maxBytes refuse blobs larger than this, before reading them
   */
  byte[] read(URI uri, long maxBytes) throws IOException;

  /**
   * Readers for claim-check stores: directories (paths, file:// URIs) through {@link
   * FileBlobReader}, the other stores (s3://, hdfs://, …) through Flink's file systems.
   */
  static List<BlobReader> forStores(List<String> roots) {
    Map<Boolean, List<String>> byFlinkFileSystem =
        roots.stream().collect(Collectors.partitioningBy(StoreRoots::isFlinkFileSystem));
    List<String> directories =
        byFlinkFileSystem.get(false).stream()
            .map(
                r ->
                    r.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(r)).toString() : r)
            .toList();
    List<BlobReader> readers = new ArrayList<>();
    if (!directories.isEmpty()) {
      readers.add(new FileBlobReader(directories));
    }
    if (!byFlinkFileSystem.get(true).isEmpty()) {
      readers.add(new FileSystemBlobReader(byFlinkFileSystem.get(true)));
    }
    return List.copyOf(readers);
  }
}
