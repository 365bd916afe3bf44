package io.emostream.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the soft-label job, which joins clip samples and annotators' votes. */
public final class LabelOptions {

  public static final ConfigOption<Integer> VOTES_PER_CLIP =
      key("labels.votes-per-clip")
          .intType()
          .defaultValue(10)
          .withDescription(
              "Human votes after which a clip is labelled at once (DFEW has 10 annotators per clip).");

  public static final ConfigOption<Integer> MIN_VOTES =
      key("labels.min-votes")
          .intType()
          .defaultValue(3)
          .withDescription(
              "Fewest human votes a clip needs when its vote timeout passes; with fewer it is labelled by a MODEL vote if one came, else expires unlabelled.");

  public static final ConfigOption<Duration> VOTE_TIMEOUT =
      key("labels.vote-timeout")
          .durationType()
          .defaultValue(Duration.ofDays(3))
          .withDescription(
              "Event time after a clip's end at which its votes are closed; later votes are dead-lettered as LATE_EVENT. Keep it below the clip-samples topic's retention.");

  public static final ConfigOption<Duration> UNKNOWN_CLIP_GRACE =
      key("labels.unknown-clip-grace")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "How long (event time) a vote waits for its clip's sample before it is dead-lettered as UNKNOWN_CLIP.");

  public static final ConfigOption<String> DATASET_DIR =
      key("labels.dataset-dir")
          .stringType()
          .defaultValue("var/labelled-clips")
          .withDescription(
              "Where labelled clips are written as Avro files, one folder per day (a Flink file-system path: a local directory, or s3://... with Flink's S3 plugin). Retraining reads it; `emostream erase` edits it.");

  public static final ConfigOption<Duration> DATASET_RETENTION =
      key("labels.dataset-retention")
          .durationType()
          .defaultValue(Duration.ofDays(365))
          .withDescription(
              "Day folders of the dataset older than this are deleted (by 'emostream erase --expired' and before each continuous-retraining check). Whole days: rounded down to days.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      key("labels.watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("How far out of time order samples and votes may arrive.");

  public static final ConfigOption<Duration> IDLENESS =
      key("labels.watermark.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "An input without records for this long (no new samples, or no votes) stops holding back event time.");

  private LabelOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(
        VOTES_PER_CLIP,
        MIN_VOTES,
        VOTE_TIMEOUT,
        UNKNOWN_CLIP_GRACE,
        DATASET_DIR,
        OUT_OF_ORDERNESS,
        IDLENESS);
  }
}
