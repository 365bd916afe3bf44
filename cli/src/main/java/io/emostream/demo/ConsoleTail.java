package io.emostream.demo;

import io.emostream.follow.OutputRecords;
import io.emostream.schemas.event.CameraFrameStats;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;

/**
 * The demo's console: one line per record the jobs write to Kafka, as a dashboard would see it
 * ({@link OutputRecords} reads them).
 */
public final class ConsoleTail {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private ConsoleTail() {}

  /** Prints one line per record to {@code out}; closing stops it. */
  public static OutputRecords start(
      Configuration conf, String bootstrapServers, KafkaTopics topics, Consumer<String> out) {
    return OutputRecords.start(
        conf, bootstrapServers, topics, record -> out.accept(format(record)));
  }

  /** The console line of scores, statistics and dead letters; JSON for any other record. */
  public static String formatOrJson(org.apache.avro.specific.SpecificRecord record) {
    if (record instanceof EmotionScore
        || record instanceof CameraFrameStats
        || record instanceof EmotionAggregate
        || record instanceof EmotionAlert
        || record instanceof ClipSample
        || record instanceof LabelledClip
        || record instanceof ModelRelease
        || record instanceof DeadLetter) {
      return format(record);
    }
    return io.emostream.schemas.codec.AvroJson.line(record);
  }

  static String format(Object record) {
    if (record instanceof EmotionScore s) {
      return format(s);
    }
    if (record instanceof EmotionAggregate a) {
      float[] share = Distributions.toArray(a.getShare());
      return String.format(
          Locale.ROOT,
          "AGGREGATE  %s-%s  %-22s %-7s clips=%d faces=%d  dominant %s %.0f%%  ambiguity %.2f",
          TIME.format(a.getWindowStart()),
          TIME.format(a.getWindowEnd()),
          a.getSessionId() == null ? a.getCameraId() : a.getCameraId() + "/" + a.getSessionId(),
          a.getScope(),
          a.getClips(),
          a.getFaces(),
          a.getDominant().name().toLowerCase(Locale.ROOT),
          100 * share[a.getDominant().ordinal()],
          a.getMeanAmbiguity());
    }
    if (record instanceof EmotionAlert a) {
      return String.format(
          Locale.ROOT, "ALERT  %s  %s  %s", a.getSeverity(), a.getCameraId(), a.getMessage());
    }
    if (record instanceof CameraFrameStats s) {
      return format(s);
    }
    if (record instanceof ClipSample c) {
      return String.format(
          Locale.ROOT,
          "SAMPLE  clip %s of %s (%s): %d crops of %dpx for annotation",
          c.getClipId().substring(0, Math.min(8, c.getClipId().length())),
          c.getProvenance().getCameraId(),
          c.getProvenance().getSamplingReason(),
          c.getFrames().size(),
          c.getCropSize());
    }
    if (record instanceof LabelledClip c) {
      float[] p = Distributions.toArray(c.getSoftLabel());
      Expression top = Distributions.top(p);
      return String.format(
          Locale.ROOT,
          "LABELLED  clip %s of %s: %s %.2f from %d %s votes%s",
          c.getClip().getClipId().substring(0, Math.min(8, c.getClip().getClipId().length())),
          c.getClip().getProvenance().getCameraId(),
          top.name().toLowerCase(Locale.ROOT),
          p[top.ordinal()],
          c.getVoteCount(),
          c.getLabelSource(),
          c.getAgreement() == null
              ? ""
              : String.format(Locale.ROOT, ", agreement %.2f", c.getAgreement()));
    }
    if (record instanceof ModelRelease r) {
      return String.format(
          Locale.ROOT,
          "RELEASE  %s  held-out UAR %.3f WAR %.3f  (parent %s): the scoring job hot-swaps to it",
          r.getVersion(),
          r.getMetrics().getOrDefault("uar", Double.NaN),
          r.getMetrics().getOrDefault("war", Double.NaN),
          r.getParentVersion());
    }
    if (record instanceof DeadLetter d) {
      return String.format(
          Locale.ROOT,
          "DEAD LETTER  %s/%d@%d  %s: %s",
          d.getSourceTopic(),
          d.getSourcePartition(),
          d.getSourceOffset(),
          d.getReason(),
          d.getDetail());
    }
    return String.valueOf(record);
  }

  static String format(EmotionScore s) {
    float[] p = Distributions.toArray(s.getDistribution());
    StringBuilder bars = new StringBuilder();
    for (Expression e : Expression.values()) {
      bars.append(
          String.format(
              Locale.ROOT,
              " %s %.2f",
              e.name().substring(0, 3).toLowerCase(Locale.ROOT),
              p[e.ordinal()]));
    }
    return String.format(
        Locale.ROOT,
        "SCORE  %s-%s  %-22s %-8s %.2f  ambiguity %.2f  %2d frames%s  latency %d ms  [%s]",
        TIME.format(s.getWindowStart()),
        TIME.format(s.getWindowEnd()),
        s.getTrackId(),
        s.getTopClass().name().toLowerCase(Locale.ROOT),
        s.getConfidence(),
        s.getAmbiguity(),
        s.getFrameCount(),
        bars,
        s.getProcessingLatencyMillis(),
        s.getModelVersion());
  }

  static String format(CameraFrameStats s) {
    return String.format(
        Locale.ROOT,
        "%s-%s  %-14s frames=%-3d %dx%d  %6.1f KiB  lag<=%d ms",
        TIME.format(s.getWindowStart()),
        TIME.format(s.getWindowEnd()),
        s.getCameraId(),
        s.getFrameCount(),
        s.getWidth(),
        s.getHeight(),
        s.getPayloadBytes() / 1024.0,
        s.getMaxProcessingLagMillis());
  }
}
