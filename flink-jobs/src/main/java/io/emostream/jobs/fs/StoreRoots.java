package io.emostream.jobs.fs;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Roots in stores that Flink's file systems reach (s3://BUCKET/PREFIX, hdfs://…), and whether a URI
 * lies under one: same scheme and bucket or authority, path below the root's, no {@code .} or
 * {@code ..} segment (encoded or not). What a directory and its symbolic links are to local stores,
 * a key prefix is to object stores.
 */
public final class StoreRoots implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> roots;
  private final Set<String> schemes;

  /**
   * @param roots URIs with a scheme and authority, e.g. {@code s3://bucket/claims}
   */
  public StoreRoots(List<String> roots) {
    this.roots = roots.stream().map(StoreRoots::root).toList();
    this.schemes =
        this.roots.stream().map(r -> r.substring(0, r.indexOf(':'))).collect(Collectors.toSet());
  }

  /**
   * Whether {@code location} names a store of a Flink file system rather than a local directory (a
   * path or a file: URI).
   */
  public static boolean isFlinkFileSystem(String location) {
    String scheme;
    try {
      scheme = URI.create(location.strip()).getScheme();
    } catch (IllegalArgumentException e) {
      return false; // a local path with characters a URI may not hold
    }
    return scheme != null && scheme.length() > 1 && !"file".equalsIgnoreCase(scheme);
  }

  public boolean hasScheme(String scheme) {
    return scheme != null && schemes.contains(scheme.toLowerCase(Locale.ROOT));
  }

  public boolean contains(URI uri) {
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
          location + " is not a store URI with a scheme and a bucket");
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
