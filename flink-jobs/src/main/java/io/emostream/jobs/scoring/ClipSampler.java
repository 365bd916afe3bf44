package io.emostream.jobs.scoring;

import io.emostream.schemas.event.ClipProvenance;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.StreamConsent;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by camera: picks scored clips for annotation and publishes them as {@link ClipSample}s. A
 * clip is a candidate when its ambiguity (normalised entropy) reaches the threshold, or, for a
 * small calibration share, uniformly by a hash of its id (a replay picks the same clips).
 * Candidates are rate-limited per camera (per period of capture time) and per session. Only clips
 * that carry crops are considered: those exist only for streams whose consent covers training
 * ({@link TrainingConsent}); the rest are counted and dropped here, their pixels never leave the
 * job.
 */
public final class ClipSampler extends KeyedProcessFunction<String, ScoredClip, ClipSample> {
  private static final long serialVersionUID = 1L;

  /** Sampling settings (see {@link io.emostream.jobs.config.SamplingOptions}). */
  public record Settings(
      double ambiguityThreshold,
      double calibrationShare,
      int maxPerCamera,
      Duration ratePeriod,
      int maxPerSession,
      long maxRecordBytes,
      Duration sessionStateTtl)
      implements Serializable {}

  private final Settings settings;

  private transient ValueState<long[]> cameraBudget; // {period index, samples in it}
  private transient MapState<String, Integer> perSession;
  private transient Counter sampled;
  private transient Counter skippedConsent;
  private transient Counter skippedRate;
  private transient Counter skippedSize;

  public ClipSampler(Settings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext ctx) {
    cameraBudget =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "sampling-camera-budget",
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    MapStateDescriptor<String, Integer> sessions =
        new MapStateDescriptor<>("sampling-per-session", Types.STRING, Types.INT);
    sessions.enableTimeToLive(StateTtlConfig.newBuilder(settings.sessionStateTtl()).build());
    perSession = getRuntimeContext().getMapState(sessions);
    var group = getRuntimeContext().getMetricGroup().addGroup("emostream");
    sampled = group.counter("clips_sampled");
    skippedConsent = group.counter("clips_sample_skipped_consent");
    skippedRate = group.counter("clips_sample_skipped_rate");
    skippedSize = group.counter("clips_sample_skipped_size");
  }

  @Override
  public void processElement(ScoredClip clip, Context ctx, Collector<ClipSample> out)
      throws Exception {
    if (clip.crops == null) {
      skippedConsent.inc();
      return;
    }
    EmotionScore score = clip.score;
    UUID id = clipId(score);
    String reason = reason(score.getAmbiguity(), id);
    if (reason == null) {
      return;
    }
    long period = score.getWindowEnd().toEpochMilli() / settings.ratePeriod().toMillis();
    long[] budget = cameraBudget.value();
    if (budget == null || budget[0] != period) {
      budget = new long[] {period, 0};
    }
    String session = score.getSessionId();
    int sessionCount = session == null ? 0 : orZero(perSession.get(session));
    if (budget[1] >= settings.maxPerCamera()
        || (session != null && sessionCount >= settings.maxPerSession())) {
      skippedRate.inc();
      return;
    }
    long bytes = 0;
    for (byte[] crop : clip.crops) {
      bytes += crop.length;
    }
    if (bytes > settings.maxRecordBytes()) {
      skippedSize.inc();
      return;
    }
    budget[1]++;
    cameraBudget.update(budget);
    if (session != null) {
      perSession.put(session, sessionCount + 1);
    }
    sampled.inc();
    out.collect(sample(id.toString(), clip, reason));
  }

  /**
   * Why the clip is a candidate, or null: ambiguous, or in the calibration share by its id's hash.
   */
  private String reason(double ambiguity, UUID id) {
    if (ambiguity >= settings.ambiguityThreshold()) {
      return String.format(Locale.ROOT, "ambiguity>=%.2f", settings.ambiguityThreshold());
    }
    // The high bits of the name hash: the low word starts with the UUID variant bits, never
    // uniform.
    double uniform = (id.getMostSignificantBits() >>> 11) * 0x1.0p-53;
    return uniform < settings.calibrationShare() ? "calibration" : null;
  }

  /** A stable id: the same track window gets the same id when a restart replays it. */
  public static UUID clipId(EmotionScore score) {
    String name =
        score.getCameraId()
            + '\n'
            + score.getTrackId()
            + '\n'
            + score.getWindowStart().toEpochMilli()
            + '\n'
            + score.getWindowEnd().toEpochMilli();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  private static ClipSample sample(String id, ScoredClip clip, String reason) {
    EmotionScore s = clip.score;
    List<ByteBuffer> frames = new ArrayList<>(clip.crops.length);
    for (byte[] crop : clip.crops) {
      frames.add(ByteBuffer.wrap(crop));
    }
    return ClipSample.newBuilder()
        .setClipId(id)
        .setProvenance(
            ClipProvenance.newBuilder()
                .setCameraId(s.getCameraId())
                .setSessionId(s.getSessionId())
                .setTrackId(s.getTrackId())
                .setWindowStart(s.getWindowStart())
                .setWindowEnd(s.getWindowEnd())
                .setConsent(
                    new StreamConsent(ConsentScope.ANALYTICS_AND_TRAINING, clip.trainingPurpose))
                .setSamplingReason(reason)
                .build())
        .setCropSize(clip.cropSize)
        .setFrames(frames)
        .setModelScores(s.getDistribution())
        .setModelVersion(s.getModelVersion())
        .build();
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }
}
