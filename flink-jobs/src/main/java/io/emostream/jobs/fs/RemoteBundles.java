package io.emostream.jobs.fs;

import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.ModelBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.flink.util.FileUtils;

/**
 * Model bundles in a store that Flink's file systems reach (s3://…), so that every TaskManager and
 * the retraining job share them. A bundle is copied to a fresh local directory only while it is
 * opened and checked: {@link ModelBundle} keeps the verified bytes in memory, so the copy is
 * deleted at once and nothing read later can differ from what was checked.
 */
public final class RemoteBundles {
  private RemoteBundles() {}

  /** Where bundles are staged by default: {@code java.io.tmpdir}/emostream-bundles. */
  public static Path stagingRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"), "emostream-bundles");
  }

  /** Copies the bundle at {@code uri} to a new directory under {@code root}; delete it after. */
  public static Path stage(URI uri, Path root, long maxBytes) throws IOException {
    Path dir = root.resolve(UUID.randomUUID().toString());
    try {
      FileSystemCopies.download(uri, dir, maxBytes);
      return dir;
    } catch (IOException | RuntimeException e) {
      delete(dir);
      throw e;
    }
  }

  /** Opens the bundle at {@code uri}, a location the configuration or an accepted release named. */
  public static ModelBundle open(URI uri) throws BundleException {
    Path staged;
    try {
      staged = stage(uri, stagingRoot(), ModelBundle.DEFAULT_MAX_BYTES);
    } catch (IOException e) {
      throw new BundleException("cannot copy the bundle " + uri + ": " + e.getMessage(), e);
    }
    try {
      return ModelBundle.open(staged);
    } finally {
      delete(staged);
    }
  }

  /** Copies a local bundle directory to {@code target} (a release of the retraining job). */
  public static void publish(Path bundle, URI target) throws IOException {
    FileSystemCopies.upload(bundle, target);
  }

  /** Deletes a staged copy (quietly: it is a temporary directory). */
  public static void delete(Path staged) {
    FileUtils.deleteDirectoryQuietly(staged.toFile());
  }
}
