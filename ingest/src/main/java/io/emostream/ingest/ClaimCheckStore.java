package io.emostream.ingest;

import io.emostream.model.Digests;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.event.ClaimCheck;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where frames too large for a Kafka record go, one object per frame, somewhere the scoring job can
 * read (listed in its {@code scoring.claim-check.roots}): a directory, local or a shared mount, or
 * an S3 bucket. The event carries the object's URI, size and sha256. Objects are face images: they
 * expire with the frames topic's retention (swept here at most once a minute while frames are
 * stored), and their names carry this process's run id, so a restarted ingest whose sequences start
 * again never overwrites an object an earlier event still names.
 */
abstract class ClaimCheckStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimCheckStore.class);
  private static final long SWEEP_EVERY_MILLIS = 60_000;

  private final Duration retention;
  private final Clock clock;
  private final String run;
  private long lastSweep = Long.MIN_VALUE;

  ClaimCheckStore(Duration retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
    this.run =
        Long.toString(clock.millis(), 36)
            + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
  }

  /**
   * The store {@code ingest.claim-check.store} names: {@code s3://bucket/prefix}, or a directory (a
   * path or {@code file://} URI).
   */
  static ClaimCheckStore open(Settings conf) {
    String location = conf.get(IngestOptions.CLAIM_CHECK_STORE);
    Duration retention = conf.get(IngestOptions.CLAIM_CHECK_RETENTION);
    if (location.regionMatches(true, 0, "s3://", 0, 5)) {
      return S3ClaimCheckStore.open(URI.create(location), retention, conf);
    }
    Path dir =
        location.regionMatches(true, 0, "file:", 0, 5)
            ? Path.of(URI.create(location))
            : Path.of(location);
    return new DirectoryClaimCheckStore(dir, retention, Clock.systemUTC());
  }

  /**
   * @param camera a camera id valid by {@code Identifiers}, so a safe name segment
   */
  final synchronized ClaimCheck put(String camera, long sequence, byte[] jpeg) throws IOException {
    sweepIfDue();
    String uri = write(camera, run + "-" + String.format("%012d.jpg", sequence), jpeg);
    return new ClaimCheck(uri, (long) jpeg.length, Digests.sha256(jpeg));
  }

  /** Deletes objects older than the retention; returns how many. */
  final synchronized int sweep() {
    return deleteOlderThan(clock.instant().minus(retention));
  }

  /**
   * Stores {@code jpeg} as {@code name} in the camera's folder, so that readers never see part of
   * it; returns its URI.
   */
  abstract String write(String camera, String name, byte[] jpeg) throws IOException;

  /** Deletes the store's frame objects last modified before {@code cutoff}; returns how many. */
  abstract int deleteOlderThan(Instant cutoff);

  @Override
  public void close() {}

  private void sweepIfDue() {
    long now = clock.millis();
    if (now - lastSweep >= SWEEP_EVERY_MILLIS) {
      lastSweep = now;
      int deleted = sweep();
      if (deleted > 0) {
        LOG.info("deleted {} claim-check objects older than {}", deleted, retention);
      }
    }
  }
}
