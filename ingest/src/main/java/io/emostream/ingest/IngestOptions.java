package io.emostream.ingest;

import static io.emostream.schemas.config.Setting.key;

import io.emostream.schemas.config.Setting;
import io.emostream.schemas.event.ConsentScope;
import java.time.Duration;
import java.util.List;

/**
 * Options of {@code emostream ingest}, the edge publisher ({@code ingest.*}); per-camera ones can
 * be overridden in the cameras file. Plain {@link Setting}s, not Flink options: the edge needs no
 * Flink.
 */
public final class IngestOptions {
  /** What leaves the device besides the frame. */
  public enum EdgeFaces {
    OFF,
    BOXES,
    FACES_ONLY
  }

  /** What to do when Kafka is slower than the cameras. */
  public enum Backpressure {
    BLOCK,
    DROP
  }

  public static final Setting<Double> FPS =
      key("ingest.fps")
          .doubleType()
          .defaultValue(5.0)
          .withDescription(
              "Frames per second published per camera; a faster source is sampled down (0 keeps every frame).");
  public static final Setting<Boolean> REALTIME =
      key("ingest.realtime")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Replay files and folders at their own pace; false publishes as fast as possible (capture times still follow the stream).");
  public static final Setting<Integer> MAX_SIDE =
      key("ingest.max-side")
          .intType()
          .defaultValue(1280)
          .withDescription(
              "Frames are downscaled so the longer side is at most this many pixels (never upscaled).");
  public static final Setting<Double> JPEG_QUALITY =
      key("ingest.jpeg-quality")
          .doubleType()
          .defaultValue(0.85)
          .withDescription("JPEG quality of published frames, 0..1.");
  public static final Setting<EdgeFaces> EDGE_FACES =
      key("ingest.edge-faces")
          .enumType(EdgeFaces.class)
          .defaultValue(EdgeFaces.OFF)
          .withDescription(
              "BOXES: detect faces here (TinyFaceDetector) and send the boxes; FACES_ONLY: also black out everything but the faces.");
  public static final Setting<ConsentScope> CONSENT_SCOPE =
      key("ingest.consent.scope")
          .enumType(ConsentScope.class)
          .defaultValue(ConsentScope.ANALYTICS)
          .withDescription(
              "What the people filmed agreed to: NONE (frames are dropped by the job), ANALYTICS, ANALYTICS_AND_TRAINING.");
  public static final Setting<String> CONSENT_PURPOSE =
      key("ingest.consent.purpose")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Required: the declared purpose of processing, carried on every frame (e.g. 'call-quality', 'safety').");
  public static final Setting<String> SESSION_ID =
      key("ingest.session-id")
          .stringType()
          .noDefaultValue()
          .withDescription("Optional session id carried on every frame.");
  public static final Setting<String> CLAIM_CHECK_STORE =
      key("ingest.claim-check.store")
          .stringType()
          .defaultValue("var/blobs")
          .withDescription(
              "Where frames too large for a Kafka record are stored: a directory (path or file:// URI, local or a shared mount) or s3://BUCKET/PREFIX; the scoring job must be able to read it (scoring.claim-check.roots).");
  public static final Setting<String> CLAIM_CHECK_S3_ENDPOINT =
      key("ingest.claim-check.s3.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Endpoint of an S3-compatible store (e.g. http://minio:9000); AWS S3 when unset. Credentials come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role).");
  public static final Setting<String> CLAIM_CHECK_S3_REGION =
      key("ingest.claim-check.s3.region")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The S3 region; the AWS SDK's default chain (AWS_REGION, profile) when unset.");
  public static final Setting<Boolean> CLAIM_CHECK_S3_PATH_STYLE =
      key("ingest.claim-check.s3.path-style-access")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Address buckets as ENDPOINT/BUCKET rather than BUCKET.ENDPOINT (most S3-compatible stores need it).");
  public static final Setting<Duration> CLAIM_CHECK_RETENTION =
      key("ingest.claim-check.retention")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "Blobs older than this are deleted from the claim-check store (they are face images): keep it equal to the frames topic's retention.ms.");
  public static final Setting<Long> CLAIM_CHECK_THRESHOLD =
      key("ingest.claim-check.threshold")
          .memoryType()
          .noDefaultValue()
          .withDescription(
              "Images larger than this go through the claim-check path (default: the frames topic's max.message.bytes minus 64 KiB).");
  public static final Setting<Integer> MAX_IN_FLIGHT =
      key("ingest.max-in-flight")
          .intType()
          .defaultValue(64)
          .withDescription(
              "Frames waiting for Kafka acknowledgement, all cameras together: bounds memory when Kafka is slow.");
  public static final Setting<Backpressure> ON_BACKPRESSURE =
      key("ingest.on-backpressure")
          .enumType(Backpressure.class)
          .defaultValue(Backpressure.DROP)
          .withDescription(
              "When max-in-flight is reached: DROP the frame (counted; live video stays current) or BLOCK the reader.");
  public static final Setting<Duration> RECONNECT_INITIAL =
      key("ingest.reconnect.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription(
              "First wait before reopening a live source that failed; doubles up to the maximum.");
  public static final Setting<Duration> RECONNECT_MAX =
      key("ingest.reconnect.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Longest wait between reconnects.");
  public static final Setting<Duration> OPEN_TIMEOUT =
      key("ingest.open-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "A network stream that sends nothing for this long counts as dropped (then: reconnect).");
  public static final Setting<String> METRICS_HOST =
      key("ingest.metrics-host")
          .stringType()
          .defaultValue("127.0.0.1")
          .withDescription(
              "Address the ingest process's Prometheus endpoint binds; 0.0.0.0 exposes it on every interface.");
  public static final Setting<Integer> METRICS_PORT =
      key("ingest.metrics-port")
          .intType()
          .defaultValue(9251)
          .withDescription(
              "Prometheus endpoint of the ingest process (next to the demo's 9250); 0 picks a free port.");
  public static final Setting<String> CAMERAS_FILE =
      key("ingest.cameras-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "YAML file listing several cameras (camera-id, source, and any per-camera override); see the README.");

  private IngestOptions() {}

  public static List<Setting<?>> all() {
    return List.of(
        FPS,
        REALTIME,
        MAX_SIDE,
        JPEG_QUALITY,
        EDGE_FACES,
        CONSENT_SCOPE,
        CONSENT_PURPOSE,
        SESSION_ID,
        CLAIM_CHECK_STORE,
        CLAIM_CHECK_S3_ENDPOINT,
        CLAIM_CHECK_S3_REGION,
        CLAIM_CHECK_S3_PATH_STYLE,
        CLAIM_CHECK_RETENTION,
        CLAIM_CHECK_THRESHOLD,
        MAX_IN_FLIGHT,
        ON_BACKPRESSURE,
        RECONNECT_INITIAL,
        RECONNECT_MAX,
        OPEN_TIMEOUT,
        METRICS_PORT,
        METRICS_HOST,
        CAMERAS_FILE);
  }
}
