package io.emostream.jobs.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by camera: puts the camera's encoded frames in event-time order (each frame waits for the
 * watermark to pass its capture time), tracks faces and emits clips of cached per-frame features;
 * scoring happens downstream, batched across cameras ({@link ClipScoringFunction}). Frames behind
 * the watermark go to {@link #LATE}. State per camera: frames waiting for the watermark, and per
 * track its last T feature vectors; it is cleared when the camera's last track ends.
 *
 * <p>Idle cameras: when every camera stops, no watermark moves event time on, and the last frames
 * and tracks would wait for ever. A camera without a new frame for {@code idleFlushMillis} of
 * processing time is therefore flushed: its waiting frames are tracked in order, every track ends
 * with its final clip, and its state is cleared. (A frame that arrives later still, older than the
 * flushed ones, starts new tracks instead of joining them.)
 */
public final class TrackClipFunction extends KeyedProcessFunction<String, FrameFaces, FeatureClip> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<FrameFaces> LATE = new OutputTag<>("late-frames") {};

  private final CameraTracks.Settings settings;
  private final long idleFlushMillis;

  private transient MapState<Long, List<FrameFaces>> pending;
  private transient ValueState<CameraTracks> tracks;
  private transient Counter late;
  private transient Counter tracksStarted;
  private transient Counter tracksEnded;
  private transient Counter idleFlushes;

  /**
   * Processing time this instance first ran at. Idle time counts from it too: after a restore, the
   * last arrival in state is as old as the outage, and flushing on it would end live tracks.
   */
  private transient long runningSince = -1;

  private transient ValueState<Long> lastArrival; // processing time of the camera's last frame
  private transient ValueState<Long> flushTimer;

  /**
   * @param idleFlushMillis processing time without frames after which a camera is flushed; 0: never
   */
  public TrackClipFunction(CameraTracks.Settings settings, long idleFlushMillis) {
    this.settings = settings;
    this.idleFlushMillis = idleFlushMillis;
  }

  @Override
  public void open(OpenContext ctx) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-frames",
                    TypeInformation.of(Long.class),
                    TypeInformation.of(new TypeHint<List<FrameFaces>>() {})));
    tracks =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("tracks", TypeInformation.of(CameraTracks.class)));
    var group = getRuntimeContext().getMetricGroup().addGroup("emostream");
    late = group.counter("frames_late");
    tracksStarted = group.counter("tracks_started"); // active tracks = started - ended
    tracksEnded = group.counter("tracks_ended");
    idleFlushes = group.counter("cameras_idle_flushed");
    lastArrival =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("last-arrival", TypeInformation.of(Long.class)));
    flushTimer =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("flush-timer", TypeInformation.of(Long.class)));
  }

  @Override
  public void processElement(FrameFaces frame, Context ctx, Collector<FeatureClip> out)
      throws Exception {
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
    if (idleFlushMillis > 0) {
      long now = ctx.timerService().currentProcessingTime();
      runningSince(now);
      lastArrival.update(now);
      if (flushTimer.value() == null) { // one timer per camera, moved on when it fires
        flushTimer.update(now + idleFlushMillis);
        ctx.timerService().registerProcessingTimeTimer(now + idleFlushMillis);
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureClip> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      onIdleTimer(timestamp, ctx, out);
      return;
    }
    CameraTracks state = tracks.value();
    if (state == null) {
      state = new CameraTracks(ctx.getCurrentKey());
    }
    int before = state.tracks.size();
    long numberBefore = state.nextTrackNumber;
    List<FrameFaces> frames = pending.get(timestamp);
    if (frames != null) {
      frames.sort(Comparator.comparingLong(f -> f.sequence));
      for (FrameFaces f : frames) {
        state.observe(f, settings).forEach(out::collect);
      }
      pending.remove(timestamp);
    } else {
      state
          .expire(timestamp, settings)
          .forEach(out::collect); // an expiry timer: no frame came in time
    }
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

  private void onIdleTimer(long timestamp, OnTimerContext ctx, Collector<FeatureClip> out)
      throws Exception {
    Long last = lastArrival.value();
    if (last == null) {
      flushTimer.clear();
      return;
    }
    long quietSince = Math.max(last, runningSince(ctx.timerService().currentProcessingTime()));
    if (quietSince + idleFlushMillis > timestamp) { // a frame came since, or a restore: wait on
      flushTimer.update(quietSince + idleFlushMillis);
      ctx.timerService().registerProcessingTimeTimer(quietSince + idleFlushMillis);
      return;
    }
    CameraTracks state = tracks.value();
    if (state == null) {
      state = new CameraTracks(ctx.getCurrentKey());
    }
    int before = state.tracks.size();
    long numberBefore = state.nextTrackNumber;
    List<Long> times = new ArrayList<>();
    pending.keys().forEach(times::add);
    times.sort(null);
    for (long t : times) {
      List<FrameFaces> frames = new ArrayList<>(pending.get(t));
      frames.sort(Comparator.comparingLong(f -> f.sequence));
      for (FrameFaces f : frames) {
        state.observe(f, settings).forEach(out::collect);
      }
      ctx.timerService().deleteEventTimeTimer(t);
    }
    long expiry = state.nextExpiry(settings);
    if (expiry != Long.MAX_VALUE) {
      ctx.timerService().deleteEventTimeTimer(expiry);
    }
    state.endAll(settings).forEach(out::collect);
    long started = state.nextTrackNumber - numberBefore;
    tracksStarted.inc(started);
    tracksEnded.inc(before + started);
    idleFlushes.inc();
    pending.clear();
    tracks.clear();
    lastArrival.clear();
    flushTimer.clear();
  }

  private long runningSince(long now) {
    if (runningSince < 0) {
      runningSince = now;
    }
    return runningSince;
  }
}
