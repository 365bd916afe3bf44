package io.emostream.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * Options of the scoring job's clip sampler, which sends clips for annotation. Only streams whose
 * consent is ANALYTICS_AND_TRAINING (for an allowed purpose) are ever sampled.
 */
public final class SamplingOptions {

  public static final ConfigOption<Boolean> ENABLED =
      key("sampling.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Sample clips of streams with training consent for annotation. When false, no face crop is kept at all.");

  public static final ConfigOption<Double> AMBIGUITY_THRESHOLD =
      key("sampling.ambiguity-threshold")
          .doubleType()
          .defaultValue(0.8)
          .withDescription(
              "Clips whose normalised entropy (the score's ambiguity, 0..1) is at least this are sampled.");

  public static final ConfigOption<Double> CALIBRATION_SHARE =
      key("sampling.calibration-share")
          .doubleType()
          .defaultValue(0.02)
          .withDescription(
              "Share of the other clips sampled uniformly (by a hash of the clip id, so replays pick the same), so the annotated set is not only the hard cases.");

  public static final ConfigOption<Integer> MAX_PER_CAMERA =
      key("sampling.max-per-camera")
          .intType()
          .defaultValue(60)
          .withDescription(
              "Most clips sampled per camera per sampling.rate-period of capture time.");

  public static final ConfigOption<Duration> RATE_PERIOD =
      key("sampling.rate-period")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription("The period of sampling.max-per-camera (event time).");

  public static final ConfigOption<Integer> MAX_PER_SESSION =
      key("sampling.max-per-session")
          .intType()
          .defaultValue(20)
          .withDescription(
              "Most clips sampled from one session (a call), so one long call does not fill the annotators' queue.");

  public static final ConfigOption<List<String>> PURPOSES =
      key("sampling.purposes")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "Declared purposes (the stream consent's purpose) whose streams may be sampled, separated by ';'. Unset: any non-blank purpose of a stream with ANALYTICS_AND_TRAINING consent.");

  public static final ConfigOption<Float> JPEG_QUALITY =
      key("sampling.jpeg-quality")
          .floatType()
          .defaultValue(0.9f)
          .withDescription("JPEG quality (0..1) of the kept face crops.");

  public static final ConfigOption<MemorySize> MAX_RECORD_BYTES =
      key("sampling.max-record-bytes")
          .memoryType()
          .defaultValue(MemorySize.parse("4mb"))
          .withDescription(
              "A sample whose crops exceed this is skipped (counted as clips_sample_skipped_size); crops at model resolution are far smaller.");

  public static final ConfigOption<Duration> SESSION_STATE_TTL =
      key("sampling.session-state-ttl")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription("How long the per-session sample count is kept after its last update.");

  private SamplingOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(
        ENABLED,
        AMBIGUITY_THRESHOLD,
        CALIBRATION_SHARE,
        MAX_PER_CAMERA,
        RATE_PERIOD,
        MAX_PER_SESSION,
        PURPOSES,
        JPEG_QUALITY,
        MAX_RECORD_BYTES,
        SESSION_STATE_TTL);
  }
}
