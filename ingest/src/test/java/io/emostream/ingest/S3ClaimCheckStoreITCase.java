package io.emostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.model.Digests;
import io.emostream.s3.local.LocalS3;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.event.ClaimCheck;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Claim checks on a real S3 endpoint (S3Proxy as a separate process). */
class S3ClaimCheckStoreITCase {
  @TempDir static Path dir;
  static LocalS3 store;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    store = LocalS3.start(dir);
    store.createBucket("frames");
    s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(URI.create(store.endpoint()))
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .region(Region.of(LocalS3.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    store.close();
  }

  @Test
  void aFrameIsStoredUnderTheConfiguredPrefixWithItsSizeAndDigest() throws Exception {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, 1, 2, 3};
    System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
    ClaimCheck check;
    try (ClaimCheckStore claims =
        ClaimCheckStore.open(
            Settings.of(
                Map.of(
                    IngestOptions.CLAIM_CHECK_STORE.key(),
                    "s3://frames/claims/site-1",
                    IngestOptions.CLAIM_CHECK_S3_ENDPOINT.key(),
                    store.endpoint(),
                    IngestOptions.CLAIM_CHECK_S3_REGION.key(),
                    LocalS3.REGION,
                    IngestOptions.CLAIM_CHECK_S3_PATH_STYLE.key(),
                    "true")))) {
      check = claims.put("cam-1", 7, jpeg);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }

    URI uri = URI.create(check.getUri());
    assertThat(uri.getScheme()).isEqualTo("s3");
    assertThat(uri.getHost()).isEqualTo("frames");
    assertThat(uri.getPath()).startsWith("/claims/site-1/cam-1/").endsWith("-000000000007.jpg");
    assertThat(check.getSizeBytes()).isEqualTo(jpeg.length);
    assertThat(check.getSha256()).isEqualTo(Digests.sha256(jpeg));
    byte[] stored =
        s3.getObjectAsBytes(b -> b.bucket("frames").key(uri.getPath().substring(1))).asByteArray();
    assertThat(stored).containsExactly(jpeg);
  }

  @Test
  void objectsOlderThanTheRetentionAreSweptAndOthersKept() throws Exception {
    String stored =
        new S3ClaimCheckStore(s3, "frames", "sweep", Duration.ofHours(1), Clock.systemUTC())
            .put("cam-2", 1, new byte[] {1})
            .getUri();
    s3.putObject(
        b -> b.bucket("frames").key("elsewhere/cam-2/x.jpg"),
        RequestBody.fromBytes(new byte[] {3}));

    assertThat(storeAt(Duration.ofMinutes(30)).sweep()).isZero();
    assertThat(s3.getObjectAsBytes(b -> b.bucket("frames").key(key(stored))).asByteArray())
        .containsExactly(1);
    assertThat(storeAt(Duration.ofHours(2)).sweep()).isEqualTo(1);
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("frames").key(key(stored))).close())
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(
            s3.getObjectAsBytes(b -> b.bucket("frames").key("elsewhere/cam-2/x.jpg")).asByteArray())
        .containsExactly(3);
  }

  private static S3ClaimCheckStore storeAt(Duration fromNow) {
    return new S3ClaimCheckStore(
        s3,
        "frames",
        "sweep",
        Duration.ofHours(1),
        Clock.fixed(Instant.now().plus(fromNow), ZoneOffset.UTC));
  }

  @Test
  void aStoreUriWithoutABucketIsRefusedClearly() {
    assertThatThrownBy(
            () ->
                ClaimCheckStore.open(
                    Settings.of(Map.of(IngestOptions.CLAIM_CHECK_STORE.key(), "s3:///claims"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no bucket");
  }

  private static String key(String uri) {
    return URI.create(uri).getPath().substring(1);
  }
}
