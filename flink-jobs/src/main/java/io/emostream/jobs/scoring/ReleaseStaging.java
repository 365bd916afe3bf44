package io.emostream.jobs.scoring;

import io.emostream.jobs.fs.RemoteBundles;
import io.emostream.jobs.fs.StoreRoots;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseVerifier;
import io.emostream.schemas.event.ModelRelease;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks releases whose bundles lie in a store a Flink file system reaches ({@code
 * scoring.model.releases-root} = s3://BUCKET/PREFIX): the bundle must lie under that root; it is
 * copied to a fresh directory under the verifier's local root, checked there by {@link
 * ReleaseVerifier} as any local release (signature, every file's sha256, size limit), and the copy
 * is removed, its verified bytes held in memory.
 */
record ReleaseStaging(String remoteRoot, String localRoot, long maxBytes) implements Serializable {
  // localRoot: where staged copies are checked, the ReleaseVerifier's root

  /** The staging for {@code releasesRoot}, or null where it is a local directory. */
  static ReleaseStaging forRoot(String releasesRoot, long maxBytes) {
    return StoreRoots.isFlinkFileSystem(releasesRoot)
        ? new ReleaseStaging(
            releasesRoot, RemoteBundles.stagingRoot().resolve("releases").toString(), maxBytes)
        : null;
  }

  ModelBundle verify(ModelRelease release, ReleaseVerifier verifier) throws BundleException {
    URI uri;
    try {
      uri = URI.create(release.getArtifactUri());
    } catch (IllegalArgumentException e) {
      throw new BundleException("the artifact URI is not a URI");
    }
    if (!new StoreRoots(List.of(remoteRoot)).contains(uri)) {
      throw new BundleException(
          "the bundle is not inside the releases root (scoring.model.releases-root)");
    }
    Path staged;
    try {
      staged = RemoteBundles.stage(uri, Path.of(localRoot), maxBytes);
    } catch (IOException e) {
      throw new BundleException("cannot copy the bundle: " + e.getMessage(), e);
    }
    try {
      return verifier.verify(
          ModelRelease.newBuilder(release).setArtifactUri(staged.toUri().toString()).build());
    } finally {
      RemoteBundles.delete(staged);
    }
  }
}
