package io.emostream.model.tracking;

import io.emostream.model.translate.FaceDetection;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Face boxes of one camera with the detector run on keyframes only, as DeepStream's {@code
 * interval} with a tracker does: every {@code interval}-th frame is detected; in between, each
 * face's box is carried forward at the velocity (of position and size) measured between its last
 * two detections. A keyframe comes early when a carried box reaches the edge of the frame (a face
 * leaving, or one that may be entering behind it). Newcomers are found at the next keyframe, at
 * most {@code interval - 1} frames late.
 *
 * <p>Use per frame, in capture order: {@link #plan} for every frame of a batch first (so keyframes
 * of the whole batch are detected in one call), then {@link #detected} or {@link #carried} in the
 * same order. Not thread-safe; one per camera.
 */
public final class KeyframeTracker {
  /** At least one keyframe a second, also for a slow camera or one that paused. */
  private static final long MAX_CARRY_MILLIS = 1000;

  private static final double MATCH_IOU = 0.3;

  private final int interval;
  private List<Face> faces = List.of();
  private int plannedSinceKeyframe;
  private long plannedKeyframeMillis = Long.MIN_VALUE / 2; // the first frame is a keyframe
  private boolean detectEarly;

  /** A face between detections: its last detected box and how it moves per millisecond. */
  private record Face(
      FaceDetection box, long atMillis, double vx, double vy, double vw, double vh) {
    FaceDetection at(long millis) {
      double dt = millis - atMillis;
      return new FaceDetection(
          box.x() + vx * dt,
          box.y() + vy * dt,
          Math.max(1, box.width() + vw * dt),
          Math.max(1, box.height() + vh * dt),
          box.score());
    }
  }

  /** Writes the tracker's state (for a checkpoint); {@link #read} restores it. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(plannedSinceKeyframe);
    out.writeLong(plannedKeyframeMillis);
    out.writeBoolean(detectEarly);
    out.writeInt(faces.size());
    for (Face f : faces) {
      FaceDetection b = f.box();
      for (double v : new double[] {b.x(), b.y(), b.width(), b.height(), b.score()}) {
        out.writeDouble(v);
      }
      out.writeLong(f.atMillis());
      for (double v : new double[] {f.vx(), f.vy(), f.vw(), f.vh()}) {
        out.writeDouble(v);
      }
    }
  }

  /** A tracker as {@link #write} left it, detecting every {@code interval}-th frame from now on. */
  public static KeyframeTracker read(DataInput in, int interval) throws IOException {
    KeyframeTracker t = new KeyframeTracker(interval);
    t.plannedSinceKeyframe = in.readInt();
    t.plannedKeyframeMillis = in.readLong();
    t.detectEarly = in.readBoolean();
    int n = in.readInt();
    List<Face> faces = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      FaceDetection box =
          new FaceDetection(
              in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
      faces.add(
          new Face(
              box,
              in.readLong(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble()));
    }
    t.faces = faces;
    return t;
  }

  /**
   * @param interval detect every interval-th frame (1: every frame)
   */
  public KeyframeTracker(int interval) {
    if (interval < 1) {
      throw new IllegalArgumentException("detection interval must be at least 1, got " + interval);
    }
    this.interval = interval;
  }

  /**
   * Whether the frame captured at {@code captureMillis} is a keyframe; call once per frame, in
   * order, before its result.
   */
  public boolean plan(long captureMillis) {
    if (detectEarly
        || plannedSinceKeyframe + 1 >= interval
        || captureMillis - plannedKeyframeMillis > MAX_CARRY_MILLIS) {
      detectEarly = false;
      plannedSinceKeyframe = 0;
      plannedKeyframeMillis = captureMillis;
      return true;
    }
    plannedSinceKeyframe++;
    return false;
  }

  /**
   * Takes a keyframe's detections: each continues the face it overlaps most (its velocity measured
   * from the previous detection), the others start still.
   */
  public List<FaceDetection> detected(long captureMillis, List<FaceDetection> detections) {
    List<Face> previous = faces;
    boolean[] taken = new boolean[previous.size()];
    List<Face> next = new ArrayList<>(detections.size());
    for (FaceDetection d : detections) {
      int best = -1;
      double bestIou = MATCH_IOU;
      for (int i = 0; i < previous.size(); i++) {
        double iou = taken[i] ? 0 : previous.get(i).at(captureMillis).iou(d);
        if (iou >= bestIou) {
          best = i;
          bestIou = iou;
        }
      }
      if (best >= 0 && captureMillis > previous.get(best).atMillis()) {
        taken[best] = true;
        Face p = previous.get(best);
        double dt = captureMillis - p.atMillis();
        next.add(
            new Face(
                d,
                captureMillis,
                (d.x() - p.box().x()) / dt,
                (d.y() - p.box().y()) / dt,
                (d.width() - p.box().width()) / dt,
                (d.height() - p.box().height()) / dt));
      } else {
        next.add(new Face(d, captureMillis, 0, 0, 0, 0));
      }
    }
    faces = next;
    return detections;
  }

  /**
   * The boxes {@link #carried} predicted, after re-localisation around each (same order; null where
   * the face was not found there, which keeps the prediction and brings the next keyframe early).
   * Found boxes move their face and update its velocity.
   */
  public List<FaceDetection> relocated(long captureMillis, List<FaceDetection> found) {
    List<FaceDetection> out = new ArrayList<>(found.size());
    List<Face> next = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      Face p = faces.get(i);
      FaceDetection d = i < found.size() ? found.get(i) : null;
      if (d == null || captureMillis <= p.atMillis()) {
        detectEarly |= d == null;
        next.add(p);
        out.add(p.at(captureMillis));
        continue;
      }
      double dt = captureMillis - p.atMillis();
      next.add(
          new Face(
              d,
              captureMillis,
              (d.x() - p.box().x()) / dt,
              (d.y() - p.box().y()) / dt,
              (d.width() - p.box().width()) / dt,
              (d.height() - p.box().height()) / dt));
      out.add(d);
    }
    faces = next;
    return out;
  }

  /**
   * The boxes of a frame between keyframes, each face carried to its capture time; a box that
   * reaches the frame's edge makes the next frame a keyframe.
   */
  public List<FaceDetection> carried(long captureMillis, int frameWidth, int frameHeight) {
    List<FaceDetection> out = new ArrayList<>(faces.size());
    for (Face f : faces) {
      FaceDetection box = f.at(captureMillis);
      if (box.x() <= 0
          || box.y() <= 0
          || box.x() + box.width() >= frameWidth
          || box.y() + box.height() >= frameHeight) {
        detectEarly = true;
      }
      out.add(box);
    }
    return out;
  }
}
