package io.emostream.jobs.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Copies between this machine's disk and a store a Flink file system reaches (s3://, hdfs://, …),
 * for libraries that read and write local files only (model bundles, datasets).
 */
public final class FileSystemCopies {
  private FileSystemCopies() {}

  /**
   * Copies every file under {@code from} into the new directory {@code to}, keeping the layout;
   * refuses to copy more than {@code maxBytes} in all.
   */
  public static void download(URI from, java.nio.file.Path to, long maxBytes) throws IOException {
    Path root = new Path(from);
    FileSystem fs = root.getFileSystem();
    FileStatus[] entries;
    try {
      entries = fs.listStatus(root);
    } catch (FileNotFoundException e) {
      throw new IOException(from + " does not exist");
    }
    if (entries == null || entries.length == 0) {
      throw new IOException(from + " does not exist or is empty");
    }
    Files.createDirectories(to);
    long[] budget = {maxBytes};
    copyTree(fs, entries, to, budget, maxBytes);
  }

  private static void copyTree(
      FileSystem fs, FileStatus[] entries, java.nio.file.Path to, long[] budget, long maxBytes)
      throws IOException {
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
        throw new IOException("unexpected entry name " + name);
      }
      java.nio.file.Path target = to.resolve(name);
      if (entry.isDir()) {
        Files.createDirectories(target);
        copyTree(fs, fs.listStatus(entry.getPath()), target, budget, maxBytes);
        continue;
      }
      if (entry.getLen() > budget[0]) {
        throw new IOException("more than " + maxBytes + " bytes in all");
      }
      try (InputStream in = fs.open(entry.getPath());
          OutputStream out = Files.newOutputStream(target)) {
        long copied = in.transferTo(out);
        budget[0] -= copied;
        if (budget[0] < 0) {
          throw new IOException("more than " + maxBytes + " bytes in all");
        }
      }
    }
  }

  /** Copies every file under the local directory {@code from} to {@code to}, keeping the layout. */
  public static void upload(java.nio.file.Path from, URI to) throws IOException {
    Path root = new Path(to);
    FileSystem fs = root.getFileSystem();
    List<java.nio.file.Path> files;
    try (Stream<java.nio.file.Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (java.nio.file.Path file : files) {
      Path target = new Path(root, from.relativize(file).toString().replace('\\', '/'));
      try (OutputStream out = fs.create(target, FileSystem.WriteMode.OVERWRITE)) {
        Files.copy(file, out);
      }
    }
  }

  /**
   * The files under {@code dir} (recursively) whose names end with {@code suffix}, sorted; hidden
   * ones (names starting with '.' or '_', e.g. a FileSink's in-progress files) are left out.
   */
  public static List<URI> list(URI dir, String suffix) throws IOException {
    Path root = new Path(dir);
    FileSystem fs = root.getFileSystem();
    List<URI> out = new ArrayList<>();
    try {
      collect(fs, fs.listStatus(root), suffix, out);
    } catch (FileNotFoundException e) {
      throw new IOException(dir + " does not exist");
    }
    out.sort(Comparator.comparing(URI::toString));
    return out;
  }

  private static void collect(FileSystem fs, FileStatus[] entries, String suffix, List<URI> out)
      throws IOException {
    if (entries == null) {
      return;
    }
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      if (entry.isDir()) {
        collect(fs, fs.listStatus(entry.getPath()), suffix, out);
      } else if (name.endsWith(suffix)) {
        out.add(entry.getPath().toUri());
      }
    }
  }

  /** Copies one file to the local file {@code to}. */
  public static void downloadFile(URI from, java.nio.file.Path to) throws IOException {
    Path path = new Path(from);
    try (InputStream in = path.getFileSystem().open(path)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The whole content of one file, refusing more than {@code maxBytes} whatever the store reports;
   * {@code what} names the file in the refusal.
   */
  public static byte[] read(URI uri, long maxBytes, String what) throws IOException {
    Path path = new Path(uri);
    try (InputStream in = path.getFileSystem().open(path)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw new IOException(what + " holds more than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    }
  }
}
