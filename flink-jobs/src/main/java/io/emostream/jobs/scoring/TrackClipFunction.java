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
 * Keyed by camera: puts the camera's encoded frames in event-time order, tracks faces and emits
 * clips of cached per-frame features; scoring happens downstream, batched across cameras ({@link
 * ClipScoringFunction}). State per camera: frames waiting to be tracked, per track its last T
 * feature vectors, and how far the camera's event time has gone; tracks are cleared when the
 * camera's last track ends.
 *
 * <p>Event time per camera: a frame is tracked once a frame of the same camera at least {@code
 * outOfOrderness} newer has arrived, and a frame at or behind what was tracked already goes to
 * {@link #LATE}. Not the job's watermark: that is the minimum over Kafka partitions and skips the
 * ones idle for a while, so after a restore or a leader failover, when one partition's backlog is
 * read later than another's, it ran ahead of the late partition's cameras and their frames were
 * dead-lettered as late — the output depended on when the job failed. A camera's frames come from
 * one partition, in order, so its own time is all tracking needs.
 *
 * <p>Idle cameras: a camera without a new frame for {@code idleFlushMillis} of processing time, or
 * any camera at the end of bounded input, is flushed: its waiting frames are tracked in order,
 * every track ends with its final clip, and its state is cleared. (A frame that arrives later
 * still, older than the flushed ones, starts new tracks instead of joining them.)
 */
public final class TrackClipFunction extends KeyedProcessFunction<String, FrameFaces, FeatureClip> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<FrameFaces> LATE = new OutputTag<>("late-frames") {};

  private final CameraTracks.Settings settings;
  private final long outOfOrdernessMillis;
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
  private transient ValueState<Long>
      trackedUntil; // the camera's event time: frames up to it are tracked

  /**
   * @param outOfOrdernessMillis how far behind its camera's newest frame a frame may arrive
   * @param idleFlushMillis processing time without frames after which a camera is flushed; 0: never
   */
  public TrackClipFunction(
      CameraTracks.Settings settings, long outOfOrdernessMillis, long idleFlushMillis) {
    this.settings = settings;
    this.outOfOrdernessMillis = outOfOrdernessMillis;
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
    trackedUntil =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("camera-event-time", TypeInformation.of(Long.class)));
  }

  @Override
  public void processElement(FrameFaces frame, Context ctx, Collector<FeatureClip> out)
      throws Exception {
    Long tracked = trackedUntil.value();
    if (tracked != null && frame.captureTimeMillis <= tracked) {
      late.inc();
      ctx.output(LATE, frame);
      return;
    }
    List<FrameFaces> atTime = pending.get(frame.captureTimeMillis);
    List<FrameFaces> updated = atTime == null ? new ArrayList<>() : new ArrayList<>(atTime);
    updated.add(frame);
    pending.put(frame.captureTimeMillis, updated);
    // Fires only at the end of bounded input (one timer per camera: Flink keeps one per time).
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    long until = frame.captureTimeMillis - outOfOrdernessMillis - 1;
    if (tracked == null || until > tracked) {
      track(ctx.getCurrentKey(), until, out);
    }
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

  /** Tracks the waiting frames up to {@code until} in order and ends tracks not seen since. */
  private void track(String camera, long until, Collector<FeatureClip> out) throws Exception {
    trackedUntil.update(until);
    List<Long> due = new ArrayList<>();
    for (Long t : pending.keys()) {
      if (t <= until) {
        due.add(t);
      }
    }
    CameraTracks state = tracks.value();
    if (state == null) {
      if (due.isEmpty()) {
        return;
      }
      state = new CameraTracks(camera);
    }
    int before = state.tracks.size();
    long numberBefore = state.nextTrackNumber;
    due.sort(null);
    for (long t : due) {
      List<FrameFaces> frames = new ArrayList<>(pending.get(t));
      frames.sort(Comparator.comparingLong(f -> f.sequence));
      for (FrameFaces f : frames) {
        state.observe(f, settings).forEach(out::collect);
      }
      pending.remove(t);
    }
    state.expire(until, settings).forEach(out::collect);
    long started = state.nextTrackNumber - numberBefore;
    tracksStarted.inc(started);
    tracksEnded.inc(before + started - state.tracks.size());
    if (state.tracks.isEmpty()) {
      tracks.clear(); // no track left for this camera
    } else {
      tracks.update(state);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureClip> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      onIdleTimer(timestamp, ctx, out);
    } else if (timestamp == Long.MAX_VALUE) {
      flush(ctx, out); // the end of bounded input
    }
    // Other event-time timers exist only in savepoints of 0.1.0, which tracked on the job's
    // watermark; the camera's own frames now release what they wait for.
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
    flush(ctx, out);
    idleFlushes.inc();
  }

  /** Tracks every waiting frame, ends every track with its final clip and clears the camera. */
  private void flush(OnTimerContext ctx, Collector<FeatureClip> out) throws Exception {
    track(ctx.getCurrentKey(), Long.MAX_VALUE, out);
    ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
    Long timer = flushTimer.value();
    if (timer != null) {
      ctx.timerService().deleteProcessingTimeTimer(timer);
    }
    lastArrival.clear();
    flushTimer.clear();
    trackedUntil.clear();
  }

  private long runningSince(long now) {
    if (runningSince < 0) {
      runningSince = now;
    }
    return runningSince;
  }
}
