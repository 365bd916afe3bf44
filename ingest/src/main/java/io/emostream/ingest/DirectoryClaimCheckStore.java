package io.emostream.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claim checks as files of a directory, local or a shared mount: {@code DIR/CAMERA/NAME.jpg}. */
final class DirectoryClaimCheckStore extends ClaimCheckStore {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryClaimCheckStore.class);

  private final Path root;

  DirectoryClaimCheckStore(Path root, Duration retention, Clock clock) {
    super(retention, clock);
    this.root = root.toAbsolutePath();
  }

  @Override
  String write(String camera, String name, byte[] jpeg) throws IOException {
    Path dir = root.resolve(camera);
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    Files.write(tmp, jpeg);
    Files.move(
        tmp,
        file,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE); // readers never see half a file
    return file.toUri().toString();
  }

  @Override
  int deleteOlderThan(Instant cutoff) {
    int deleted = 0;
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)
            && f.getFileName().toString().endsWith(".jpg")
            && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(f);
          deleted++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("claim-check sweep of {} incomplete: {}", root, e.toString());
    }
    return deleted;
  }
}
