package io.emostream.jobs.scoring;

import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by camera: puts the camera's encoded frames in event-time order (each frame waits for the
 * watermark to pass its capture time), tracks faces, assembles clips of cached per-frame features
 * and scores them with the model's cheap temporal head. Frames behind the watermark go to {@link
 * #LATE}. State per camera: frames waiting for the watermark, and per track its last T feature
 * vectors; it is cleared when the camera's last track ends.
 */
public final class TrackClipScoringFunction extends KeyedProcessFunction<String, FrameFaces, EmotionScore> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<FrameFaces> LATE = new OutputTag<>("late-frames") {};

  private final ModelSource models;
  private final CameraTracks.Settings settings;

  private transient MapState<Long, List<FrameFaces>> pending;
  private transient ValueState<CameraTracks> tracks;
  private transient FrameEncodingClipModel head;
  /** Heads of released models, by version: a clip is scored by the model that encoded its frames. */
  private transient Map<String, FrameEncodingClipModel> releasedHeads;
  private transient Counter late;
  private transient Counter clipsScored;
  private transient Histogram endToEndLatency;
  private transient Counter tracksStarted;
  private transient Counter tracksEnded;

  public TrackClipScoringFunction(ModelSource models, CameraTracks.Settings settings) {
    this.models = models;
    this.settings = settings;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-frames",
        TypeInformation.of(Long.class), TypeInformation.of(new TypeHint<List<FrameFaces>>() {})));
    tracks = getRuntimeContext().getState(new ValueStateDescriptor<>("tracks", TypeInformation.of(CameraTracks.class)));
    head = models.frameEncoder();
    releasedHeads = new HashMap<>();
    var group = getRuntimeContext().getMetricGroup().addGroup("emostream");
    late = group.counter("frames_late");
    clipsScored = group.counter("clips_scored");
    endToEndLatency = group.histogram("score_latency_ms", new DescriptiveStatisticsHistogram(2000));
    tracksStarted = group.counter("tracks_started"); // active tracks = started - ended
    tracksEnded = group.counter("tracks_ended");
  }

  @Override
  public void processElement(FrameFaces frame, Context ctx, Collector<EmotionScore> out) throws Exception {
    if (frame.captureTimeMillis <= ctx.timerService().currentWatermark()) {
      late.inc();
      ctx.output(LATE, frame);
      return;
    }
    List<FrameFaces> atTime = pending.get(frame.captureTimeMillis);
    List<FrameFaces> updated = atTime == null ? new ArrayList<>() : new ArrayList<>(atTime);
    updated.add(frame);
    pending.put(frame.captureTimeMillis, updated);
    ctx.timerService().registerEventTimeTimer(frame.captureTimeMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<EmotionScore> out) throws Exception {
    CameraTracks state = tracks.value();
    if (state == null) {
      state = new CameraTracks(ctx.getCurrentKey());
    }
    int before = state.tracks.size();
    long numberBefore = state.nextTrackNumber;
    List<FeatureClip> clips = new ArrayList<>();
    List<FrameFaces> frames = pending.get(timestamp);
    if (frames != null) {
      frames.sort(Comparator.comparingLong(f -> f.sequence));
      for (FrameFaces f : frames) {
        clips.addAll(state.observe(f, settings));
      }
      pending.remove(timestamp);
    } else {
      clips.addAll(state.expire(timestamp, settings)); // an expiry timer: no frame came in time
    }
    score(clips, ctx.getCurrentKey(), frames == null || frames.isEmpty() ? null : frames.get(0).sessionId, out);
    long started = state.nextTrackNumber - numberBefore;
    tracksStarted.inc(started);
    tracksEnded.inc(before + started - state.tracks.size());
    if (state.tracks.isEmpty() && pending.isEmpty()) {
      tracks.clear(); // nothing left for this camera
    } else {
      tracks.update(state);
      long expiry = state.nextExpiry(settings);
      if (expiry != Long.MAX_VALUE) {
        ctx.timerService().registerEventTimeTimer(expiry);
      }
    }
  }

  private void score(List<FeatureClip> clips, String camera, String session, Collector<EmotionScore> out) throws Exception {
    if (clips.isEmpty()) {
      return;
    }
    // One head call per model version: whole-clip models run their clips as one batch.
    Map<String, List<FeatureClip>> byVersion = new LinkedHashMap<>();
    clips.forEach(c -> byVersion.computeIfAbsent(c.modelVersion(), v -> new ArrayList<>()).add(c));
    List<FeatureClip> ordered = new ArrayList<>(clips.size());
    List<float[]> distributions = new ArrayList<>(clips.size());
    for (List<FeatureClip> group : byVersion.values()) {
      ordered.addAll(group);
      distributions.addAll(headFor(group.get(0)).scoreFeatures(group.stream().map(FeatureClip::features).toList()));
    }
    long now = System.currentTimeMillis();
    for (int i = 0; i < ordered.size(); i++) {
      FeatureClip c = ordered.get(i);
      float[] p = distributions.get(i);
      var top = Distributions.top(p);
      out.collect(EmotionScore.newBuilder()
          .setCameraId(camera)
          .setSessionId(session)
          .setTrackId(c.trackId())
          .setWindowStart(Instant.ofEpochMilli(c.windowStartMillis()))
          .setWindowEnd(Instant.ofEpochMilli(c.windowEndMillis()))
          .setFrameCount(c.features().size())
          .setDistribution(Distributions.of(p))
          .setTopClass(top)
          .setConfidence(p[top.ordinal()])
          .setAmbiguity(Distributions.normalisedEntropy(p))
          .setModelVersion(c.modelVersion())
          .setProcessingLatencyMillis(Math.max(0, now - c.windowEndMillis()))
          .build());
      clipsScored.inc();
      endToEndLatency.update(Math.max(0, now - c.windowEndMillis()));
    }
  }

  private FrameEncodingClipModel headFor(FeatureClip clip) throws Exception {
    if (clip.modelVersion().equals(head.version())) {
      return head;
    }
    FrameEncodingClipModel released = releasedHeads.get(clip.modelVersion());
    if (released == null) {
      released = new ModelSource(clip.modelBundle(), models.device()).frameEncoder(); // checked by the encoder already; checked again
      releasedHeads.put(clip.modelVersion(), released);
    }
    return released;
  }

  @Override
  public void close() throws Exception {
    if (head != null) {
      head.close();
    }
    if (releasedHeads != null) {
      releasedHeads.values().forEach(FrameEncodingClipModel::close);
    }
    super.close();
  }
}
