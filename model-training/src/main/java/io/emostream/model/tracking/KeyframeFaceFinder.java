package io.emostream.model.tracking;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.emostream.model.image.RgbFrame;
import io.emostream.model.image.RgbImage;
import io.emostream.model.translate.FaceDetection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Faces of many cameras' frames, a micro-batch at a time, with the full-frame detector on keyframes
 * only ({@link KeyframeTracker} per camera): keyframes of the whole batch are detected in one call;
 * every other frame's faces are carried from the last detection and re-localised by the detector
 * run on a small square around each predicted box (at a small input size, an order of magnitude
 * cheaper than a full frame), again in one call for the batch. Per-camera state is bounded: the
 * least recently seen cameras are forgotten beyond {@code maxCameras} (their next frame is a
 * keyframe); it can be saved and restored ({@link #snapshot}, {@link #restore}).
 */
public final class KeyframeFaceFinder {
  /** The square searched around a predicted box, as a multiple of the box's larger side. */
  private static final double SEARCH_SCALE = 2.0;

  /** One frame of a batch. */
  public record Frame(String camera, long captureMillis, RgbFrame pixels) {}

  private final int interval;
  private final Predictor<RgbImage, List<FaceDetection>> full;
  private final Predictor<RgbImage, List<FaceDetection>> local;
  private final Map<String, KeyframeTracker> cameras;
  private long keyframes;
  private long relocalisations;

  /**
   * @param interval full-frame detection on every interval-th frame of a camera (1: all)
   * @param full the detector at the configured input size
   * @param local the detector at a small input size for re-localisation, or null to only carry
   * @param maxCameras cameras whose state is kept
   */
  public KeyframeFaceFinder(
      int interval,
      Predictor<RgbImage, List<FaceDetection>> full,
      Predictor<RgbImage, List<FaceDetection>> local,
      int maxCameras) {
    this.interval = interval;
    this.full = full;
    this.local = local;
    this.cameras =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, KeyframeTracker> eldest) {
            return size() > maxCameras;
          }
        };
  }

  /** The faces of each frame, in order; frames of one camera must come in capture order. */
  public List<List<FaceDetection>> find(List<Frame> frames) throws TranslateException {
    int n = frames.size();
    boolean[] keyframe = new boolean[n];
    List<RgbImage> whole = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Frame f = frames.get(i);
      keyframe[i] = tracker(f.camera()).plan(f.captureMillis());
      if (keyframe[i]) {
        whole.add(f.pixels().toImage());
      }
    }
    List<List<FaceDetection>> detected = whole.isEmpty() ? List.of() : full.batchPredict(whole);
    keyframes += whole.size();

    List<List<FaceDetection>> out = new ArrayList<>(n);
    List<RgbImage> searches = new ArrayList<>();
    List<int[]> regions = new ArrayList<>(); // frame index, x, y of each search square
    int next = 0;
    for (int i = 0; i < n; i++) {
      Frame f = frames.get(i);
      KeyframeTracker t = tracker(f.camera());
      if (keyframe[i]) {
        out.add(t.detected(f.captureMillis(), detected.get(next++)));
        continue;
      }
      List<FaceDetection> predicted =
          t.carried(f.captureMillis(), f.pixels().width(), f.pixels().height());
      out.add(predicted);
      if (local != null) {
        for (FaceDetection p : predicted) {
          int[] square = searchSquare(p, f.pixels().width(), f.pixels().height());
          if (square == null) {
            regions.add(new int[] {i, -1, -1});
          } else {
            searches.add(f.pixels().crop(square[0], square[1], square[2], square[2]));
            regions.add(new int[] {i, square[0], square[1]});
          }
        }
      }
    }
    if (local == null || regions.isEmpty()) {
      return out;
    }
    List<List<FaceDetection>> found = searches.isEmpty() ? List.of() : local.batchPredict(searches);
    relocalisations += searches.size();
    // Back in frame coordinates, one entry per predicted box (null: not found near it).
    int r = 0;
    int s = 0;
    for (int i = 0; i < n; i++) {
      if (keyframe[i] || out.get(i).isEmpty()) {
        continue;
      }
      Frame f = frames.get(i);
      List<FaceDetection> predicted = out.get(i);
      List<FaceDetection> relocated = new ArrayList<>(predicted.size());
      for (FaceDetection p : predicted) {
        int[] region = regions.get(r++);
        relocated.add(region[1] < 0 ? null : nearest(p, found.get(s++), region[1], region[2]));
      }
      out.set(i, tracker(f.camera()).relocated(f.captureMillis(), relocated));
    }
    return out;
  }

  /**
   * Every camera's state, for a checkpoint: camera id, then the tracker ({@link
   * KeyframeTracker#write}).
   */
  public List<byte[]> snapshot() throws IOException {
    List<byte[]> out = new ArrayList<>(cameras.size());
    for (Map.Entry<String, KeyframeTracker> e : cameras.entrySet()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream data = new DataOutputStream(bytes)) {
        data.writeUTF(e.getKey());
        e.getValue().write(data);
      }
      out.add(bytes.toByteArray());
    }
    return out;
  }

  /**
   * Takes back what {@link #snapshot} wrote, possibly of other subtasks too (after a rescale); the
   * bound on cameras applies, least recently seen first.
   */
  public void restore(List<byte[]> entries) throws IOException {
    for (byte[] entry : entries) {
      try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(entry))) {
        String camera = data.readUTF();
        cameras.put(camera, KeyframeTracker.read(data, interval));
      }
    }
  }

  /** Full-frame detections run so far. */
  public long keyframes() {
    return keyframes;
  }

  /** Re-localisation searches run so far. */
  public long relocalisations() {
    return relocalisations;
  }

  private KeyframeTracker tracker(String camera) {
    return cameras.computeIfAbsent(camera, c -> new KeyframeTracker(interval));
  }

  /** {x, y, side} of the square searched around a box, inside the frame; null if none fits. */
  private static int[] searchSquare(FaceDetection box, int width, int height) {
    int side =
        (int) Math.min(Math.max(box.width(), box.height()) * SEARCH_SCALE, Math.min(width, height));
    if (side < 16) {
      return null;
    }
    double cx = box.x() + box.width() / 2;
    double cy = box.y() + box.height() / 2;
    int x = (int) Math.round(Math.min(Math.max(cx - side / 2.0, 0), width - side));
    int y = (int) Math.round(Math.min(Math.max(cy - side / 2.0, 0), height - side));
    return new int[] {x, y, side};
  }

  /** The detection in a search square that overlaps the prediction most, in frame coordinates. */
  private static FaceDetection nearest(
      FaceDetection predicted, List<FaceDetection> inSquare, int x0, int y0) {
    FaceDetection best = null;
    double bestIou = 0.2;
    for (FaceDetection d : inSquare) {
      FaceDetection moved =
          new FaceDetection(d.x() + x0, d.y() + y0, d.width(), d.height(), d.score());
      double iou = moved.iou(predicted);
      if (iou > bestIou) {
        best = moved;
        bestIou = iou;
      }
    }
    return best;
  }
}
