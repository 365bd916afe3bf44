package io.emostream.ingest;

import io.emostream.schemas.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Claim checks as objects of an S3 bucket (AWS or any S3-compatible store): {@code
 * s3://BUCKET/PREFIX/CAMERA/NAME.jpg}, which the scoring job reads through Flink's s3 file system.
 * Credentials and region come from the AWS SDK's default chains (environment, profile, instance
 * role), unless {@code ingest.claim-check.s3.region} is set; a PUT is atomic, so readers never see
 * part of an object. A bucket lifecycle rule expiring {@code PREFIX/} is a sensible backstop to
 * this process's sweep.
 */
final class S3ClaimCheckStore extends ClaimCheckStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3ClaimCheckStore.class);

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  S3ClaimCheckStore(S3Client s3, String bucket, String prefix, Duration retention, Clock clock) {
    super(retention, clock);
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  static S3ClaimCheckStore open(URI location, Duration retention, Settings conf) {
    String bucket = location.getHost();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException(
          IngestOptions.CLAIM_CHECK_STORE.key() + ": " + location + " names no bucket");
    }
    String prefix = location.getPath() == null ? "" : location.getPath().replaceFirst("^/+", "");
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(conf.get(IngestOptions.CLAIM_CHECK_S3_PATH_STYLE));
    conf.getOptional(IngestOptions.CLAIM_CHECK_S3_ENDPOINT)
        .ifPresent(
            e ->
                // S3-compatible stores often lack the SDK's default trailing CRC checksums
                builder
                    .endpointOverride(URI.create(e))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    conf.getOptional(IngestOptions.CLAIM_CHECK_S3_REGION)
        .ifPresent(r -> builder.region(Region.of(r)));
    S3Client s3;
    try {
      s3 = builder.build();
    } catch (SdkException e) {
      throw new IllegalArgumentException(
          "cannot set up the S3 client for "
              + location
              + " (set AWS_REGION or "
              + IngestOptions.CLAIM_CHECK_S3_REGION.key()
              + "): "
              + e.getMessage(),
          e);
    }
    return new S3ClaimCheckStore(s3, bucket, prefix, retention, Clock.systemUTC());
  }

  @Override
  String write(String camera, String name, byte[] jpeg) throws IOException {
    String key = prefix + camera + "/" + name;
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg));
    } catch (SdkException e) {
      throw new IOException("cannot store s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
    return "s3://" + bucket + "/" + key;
  }

  @Override
  int deleteOlderThan(Instant cutoff) {
    // One DELETE per object: DeleteObjects needs a checksum header that some S3-compatible stores
    // refuse, and oversized frames are few.
    int deleted = 0;
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
        if (o.key().endsWith(".jpg") && o.lastModified().isBefore(cutoff)) {
          s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
          deleted++;
        }
      }
    } catch (SdkException e) {
      LOG.warn("claim-check sweep of s3://{}/{} incomplete: {}", bucket, prefix, e.toString());
    }
    return deleted;
  }

  @Override
  public void close() {
    s3.close();
  }
}
