package io.emostream.jobs.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.model.Digests;
import io.emostream.s3.local.LocalS3;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claim checks read through Flink's s3 file system (flink-s3-fs-hadoop) from a real S3 endpoint
 * (S3Proxy as a separate process), confined to the configured store.
 */
class FileSystemBlobReaderITCase {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final String ROOT = "s3://claims/site-1";

  @TempDir static java.nio.file.Path dir;
  static LocalS3 store;

  @BeforeAll
  static void start() throws Exception {
    store = LocalS3.start(dir);
    store.createBucket("claims");
    store.createBucket("other");
    FileSystem.initialize(Configuration.fromMap(store.flinkSettings()), null);
  }

  @AfterAll
  static void stop() throws Exception {
    FileSystem.initialize(new Configuration(), null);
    store.close();
  }

  @Test
  void aClaimCheckedFrameOnS3IsDecodedAndItsDigestChecked() throws Exception {
    byte[] jpeg = FrameEvents.jpeg(3);
    String uri = put(ROOT + "/cam-1/3.jpg", jpeg);
    FrameImageDecoder decoder =
        new FrameImageDecoder(BlobReader.forStores(List.of("var/blobs", ROOT)), 1 << 20, 1024);

    FrameEvent good =
        FrameEvents.claimChecked("cam-1", 3, AT, uri, jpeg.length, Digests.sha256(jpeg));
    assertThat(decoder.payload(good)).isEqualTo(jpeg);
    assertThat(decoder.decode(good).width()).isEqualTo(512);

    FrameEvent tampered = FrameEvents.claimChecked("cam-1", 3, AT, uri, jpeg.length, "00");
    assertThatThrownBy(() -> decoder.payload(tampered))
        .isInstanceOfSatisfying(
            FrameRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.CLAIM_CHECK_UNREADABLE))
        .hasMessageContaining("does not match the event's sha256");
  }

  @Test
  void objectsOutsideTheStoreAreRefusedWithoutSayingWhetherTheyExist() throws Exception {
    put("s3://claims/elsewhere/x.jpg", new byte[] {1});
    put("s3://other/site-1/x.jpg", new byte[] {1});
    put("s3://claims/site-10/x.jpg", new byte[] {1});
    FileSystemBlobReader reader = new FileSystemBlobReader(List.of(ROOT));

    for (String outside :
        List.of(
            "s3://claims/elsewhere/x.jpg",
            "s3://other/site-1/x.jpg",
            "s3://claims/site-10/x.jpg",
            "s3://claims/site-1/../elsewhere/x.jpg",
            "s3://claims/site-1/%2e%2e/elsewhere/x.jpg",
            "s3a://claims/site-1/x.jpg",
            "s3:///site-1/x.jpg")) {
      assertThatThrownBy(() -> reader.read(URI.create(outside), 1 << 20))
          .as(outside)
          .isInstanceOf(IOException.class)
          .hasMessage("the claim check points outside the configured claim-check stores");
    }
  }

  @Test
  void aMissingObjectAndAnObjectOverTheLimitAreRefused() throws Exception {
    String big = put(ROOT + "/cam-1/big.jpg", new byte[2048]);
    FileSystemBlobReader reader = new FileSystemBlobReader(List.of(ROOT + "/"));

    assertThatThrownBy(() -> reader.read(URI.create(ROOT + "/cam-1/gone.jpg"), 1 << 20))
        .hasMessage("no such blob in the claim-check store");
    assertThatThrownBy(() -> reader.read(URI.create(big), 1024))
        .hasMessageContaining("holds 2048 bytes, more than the limit of 1024");
    assertThat(reader.read(URI.create(big), 2048)).hasSize(2048);
  }

  @Test
  void storesAreChosenByScheme() {
    List<BlobReader> readers =
        BlobReader.forStores(List.of("var/blobs", "file:///srv/blobs", ROOT));
    assertThat(readers).hasSize(2);
    assertThat(readers.get(0)).isInstanceOf(FileBlobReader.class);
    assertThat(readers.get(0).supports("file")).isTrue();
    assertThat(readers.get(1).supports("s3")).isTrue();
    assertThat(readers.get(1).supports("file")).isFalse();
    assertThat(readers.get(1).supports("hdfs")).isFalse();
  }

  private static String put(String uri, byte[] bytes) throws IOException {
    Path path = new Path(uri);
    try (FSDataOutputStream out =
        path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
      out.write(bytes);
    }
    return uri;
  }
}
