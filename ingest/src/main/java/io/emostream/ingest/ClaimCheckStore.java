package io.emostream.ingest;

import io.emostream.model.Digests;
import io.emostream.schemas.event.ClaimCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where frames too large for a Kafka record go: a directory (local or a shared mount the scoring
 * job can read), one file per frame; the event carries its file:// URI, size and sha256. Retention
 * of this store is the operator's (e.g. a tmpfiles.d or lifecycle rule matching the frames
 * topic's).
 */
final class ClaimCheckStore {
  private final Path root;

  ClaimCheckStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  ClaimCheck put(String camera, long sequence, byte[] jpeg) throws IOException {
    Path dir = root.resolve(camera.replaceAll("[^A-Za-z0-9._-]", "_"));
    Files.createDirectories(dir);
    Path file = dir.resolve(String.format("%012d.jpg", sequence));
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.write(tmp, jpeg);
    Files.move(
        tmp,
        file,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE); // readers never see half a file
    return new ClaimCheck(file.toUri().toString(), (long) jpeg.length, Digests.sha256(jpeg));
  }
}
