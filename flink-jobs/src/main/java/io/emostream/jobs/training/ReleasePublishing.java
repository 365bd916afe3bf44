package io.emostream.jobs.training;

import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.fs.FileSystemCopies;
import io.emostream.jobs.fs.RemoteBundles;
import io.emostream.jobs.fs.StoreRoots;
import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.retrain.RetrainOutcome;
import io.emostream.schemas.event.ModelRelease;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * Where a released bundle goes: {@code retrain.releases-dir}, a directory (local or mounted) or a
 * store a Flink file system reaches (s3://BUCKET/PREFIX). Training writes bundles to local disk;
 * for a store, the released bundle is written under {@code training.output}/releases first, then
 * copied to {@code releases-dir/VERSION}, which the release announces.
 */
public final class ReleasePublishing {
  private static final long MAX_MANIFEST_BYTES = 1 << 20;

  private ReleasePublishing() {}

  /** Whether released bundles go to a store rather than a directory. */
  public static boolean toStore(Configuration conf) {
    return StoreRoots.isFlinkFileSystem(conf.get(TrainingSettings.RELEASES_DIR));
  }

  /**
   * Copies a released bundle to the store where {@code retrain.releases-dir} is one, and points the
   * outcome at the copy; other outcomes are returned as they are.
   */
  public static RetrainOutcome publish(RetrainOutcome outcome, Configuration conf)
      throws IOException {
    if (!outcome.released || !toStore(conf)) {
      return outcome;
    }
    String root = conf.get(TrainingSettings.RELEASES_DIR).replaceAll("/+$", "");
    URI target = URI.create(root + "/" + outcome.version);
    RemoteBundles.publish(Path.of(URI.create(outcome.bundleUri)), target);
    outcome.bundleUri = target.toString();
    return outcome;
  }

  /** The signed announcement of a released bundle, wherever it lies. */
  static ModelRelease announcement(RetrainOutcome outcome, Path signingKey) throws IOException {
    byte[] manifest =
        FileSystemCopies.read(
            URI.create(outcome.bundleUri.replaceAll("/+$", "") + "/" + BundleManifest.FILE_NAME),
            MAX_MANIFEST_BYTES,
            "the manifest of " + outcome.bundleUri);
    return outcome.toRelease(manifest, signingKey);
  }
}
