package io.emostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.event.ClaimCheck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryClaimCheckStoreTest {
  @TempDir Path dir;

  @Test
  void aRestartedIngestNeverOverwritesTheBlobOfAnEarlierRun() throws Exception {
    ClaimCheck first =
        new DirectoryClaimCheckStore(dir, Duration.ofHours(1), Clock.systemUTC())
            .put("cam-1", 0, new byte[] {1});
    Thread.sleep(2); // a later run id
    ClaimCheck second =
        new DirectoryClaimCheckStore(dir, Duration.ofHours(1), Clock.systemUTC())
            .put("cam-1", 0, new byte[] {2});
    assertThat(second.getUri()).isNotEqualTo(first.getUri());
    assertThat(Files.readAllBytes(Path.of(URI.create(first.getUri())))).containsExactly(1);
  }

  @Test
  void blobsOlderThanTheRetentionAreDeleted() throws Exception {
    ClaimCheckStore store =
        new DirectoryClaimCheckStore(dir, Duration.ofHours(1), Clock.systemUTC());
    Path old = Path.of(URI.create(store.put("cam-1", 1, new byte[] {1}).getUri()));
    Path fresh = Path.of(URI.create(store.put("cam-1", 2, new byte[] {2}).getUri()));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    assertThat(store.sweep()).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
  }
}
