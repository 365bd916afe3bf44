package io.emostream.ingest;

import io.emostream.model.Digests;
import io.emostream.schemas.event.ClaimCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where frames too large for a Kafka record go: a directory (local or a shared mount the scoring
 * job can read, listed in its {@code scoring.claim-check.roots}), one file per frame; the event
 * carries its file:// URI, size and sha256. Blobs are face images: they expire with the frames
 * topic's retention (swept here at most once a minute while frames are stored), and their names
 * carry this process's run id, so a restarted ingest whose sequences start again never overwrites a
 * blob an earlier event still names.
 */
final class ClaimCheckStore {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimCheckStore.class);
  private static final long SWEEP_EVERY_MILLIS = 60_000;

  private final Path root;
  private final Duration retention;
  private final Clock clock;
  private final String run;
  private long lastSweep = Long.MIN_VALUE;

  ClaimCheckStore(Path root, Duration retention) {
    this(root, retention, Clock.systemUTC());
  }

  ClaimCheckStore(Path root, Duration retention, Clock clock) {
    this.root = root.toAbsolutePath();
    this.retention = retention;
    this.clock = clock;
    this.run =
        Long.toString(clock.millis(), 36)
            + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
  }

  /**
   * @param camera a camera id valid by {@code Identifiers}, so a safe directory name
   */
  synchronized ClaimCheck put(String camera, long sequence, byte[] jpeg) throws IOException {
    sweepIfDue();
    Path dir = root.resolve(camera);
    Files.createDirectories(dir);
    Path file = dir.resolve(run + "-" + String.format("%012d.jpg", sequence));
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.write(tmp, jpeg);
    Files.move(
        tmp,
        file,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE); // readers never see half a file
    return new ClaimCheck(file.toUri().toString(), (long) jpeg.length, Digests.sha256(jpeg));
  }

  /** Deletes blobs older than the retention; returns how many. */
  synchronized int sweep() {
    long cutoff = clock.millis() - retention.toMillis();
    int deleted = 0;
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)
            && f.getFileName().toString().endsWith(".jpg")
            && Files.getLastModifiedTime(f).toMillis() < cutoff) {
          Files.deleteIfExists(f);
          deleted++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("claim-check sweep of {} incomplete: {}", root, e.toString());
    }
    return deleted;
  }

  private void sweepIfDue() {
    long now = clock.millis();
    if (now - lastSweep >= SWEEP_EVERY_MILLIS) {
      lastSweep = now;
      int deleted = sweep();
      if (deleted > 0) {
        LOG.info("deleted {} claim-check blobs older than {}", deleted, retention);
      }
    }
  }
}
