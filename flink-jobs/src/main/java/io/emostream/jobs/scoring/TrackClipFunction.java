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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by camera: puts the camera's encoded frames in event-time order (each frame waits for the
 * watermark to pass its capture time), tracks faces and emits clips of cached per-frame features;
 * scoring happens downstream, batched across cameras ({@link ClipScoringFunction}). Frames behind
 * the watermark go to {@link #LATE}. State per camera: frames waiting for the watermark, and per
 * track its last T feature vectors; it is cleared when the camera's last track ends.
 */
public final class TrackClipFunction extends KeyedProcessFunction<String, FrameFaces, FeatureClip> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<FrameFaces> LATE = new OutputTag<>("late-frames") {};

  private final CameraTracks.Settings settings;

  private transient MapState<Long, List<FrameFaces>> pending;
  private transient ValueState<CameraTracks> tracks;
  private transient Counter late;
  private transient Counter tracksStarted;
  private transient Counter tracksEnded;

  public TrackClipFunction(CameraTracks.Settings settings) {
    this.settings = settings;
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
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureClip> out)
      throws Exception {
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
}
