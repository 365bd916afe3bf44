package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {
  @TempDir Path dir;

  /** The clip scorer opens accepted releases by a pinned reference: a swapped bundle is refused. */
  @Test
  void aPinnedBundleThatChangedOnDiskAfterAcceptanceIsRefused() throws Exception {
    Path bundle = dir.resolve("v2");
    ModelBundle.builtIn().writeTo(bundle);
    String pinned =
        ModelSource.pinned(bundle.toString(), ModelBundle.open(bundle).manifestSha256());
    assertThat(new ModelSource(pinned, "cpu").bundle().manifest().version())
        .isEqualTo("face-api-1.7.15-frame-average");

    Path manifest = bundle.resolve(BundleManifest.FILE_NAME);
    Files.writeString(manifest, Files.readString(manifest) + "\n");
    assertThatThrownBy(() -> new ModelSource(pinned, "cpu").bundle())
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("changed after its release was accepted");
  }
}
