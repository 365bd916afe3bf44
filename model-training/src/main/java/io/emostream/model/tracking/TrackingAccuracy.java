package io.emostream.model.tracking;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.emostream.model.image.RgbFrame;
import io.emostream.model.image.RgbImage;
import io.emostream.model.sample.SampleFrames;
import io.emostream.model.translate.FaceDetection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well keyframe detection with carried boxes ({@link KeyframeTracker}) agrees with running the
 * detector on every frame at 416 px, on a real photo moved along realistic paths (pans, zooms, a
 * face walking in from the edge, a passing occluder) at 10 fps: the share of reference faces found
 * (IoU ≥ 0.5), the median IoU of the boxes found, and track breaks (consecutive boxes of a face
 * overlapping less than the scoring job's {@code scoring.track.min-iou}, 0.3, which would start a
 * new track id) per minute of video.
 */
public final class TrackingAccuracy {
  public static final int REFERENCE_SIZE = 416;
  public static final int FPS = 10;
  private static final double FOUND_IOU = 0.5;
  private static final double TRACK_MIN_IOU = 0.3;

  /** One moving-face video: its name and frames (as decoded bytes and as the detector's floats). */
  public record Scene(String name, List<RgbFrame> pixels, List<RgbImage> frames) {}

  /** Agreement of one interval and input size with the per-frame reference, over all scenes. */
  public record Result(
      int interval,
      int inputSize,
      int referenceFaces,
      int found,
      double medianIou,
      int trackBreaks,
      int frames,
      int detections,
      int relocalisations) {
    public double recall() {
      return referenceFaces == 0 ? 1 : (double) found / referenceFaces;
    }

    public double breaksPerMinute() {
      return trackBreaks / (frames / (double) FPS / 60.0);
    }
  }

  /** Detections of every frame of every scene at one input size, computed once. */
  public static final class Detections {
    private final Map<String, List<List<FaceDetection>>> byScene = new HashMap<>();

    public static Detections of(
        List<Scene> scenes, Predictor<RgbImage, List<FaceDetection>> detector)
        throws TranslateException {
      Detections d = new Detections();
      for (Scene s : scenes) {
        d.byScene.put(s.name(), detector.batchPredict(s.frames()));
      }
      return d;
    }

    List<List<FaceDetection>> of(Scene scene) {
      return byScene.get(scene.name());
    }
  }

  private TrackingAccuracy() {}

  /** The moving-face scenes: about 30 s of 512×512 video at 10 fps. */
  public static List<Scene> scenes() {
    BufferedImage face = SampleFrames.portrait();
    List<Scene> scenes = new ArrayList<>();
    scenes.add(
        scene("pan", face, 80, t -> new double[] {1.0, 90 * sin(t, 4), 25 * sin(t, 3)}, null));
    scenes.add(
        scene(
            "fast pan",
            face,
            60,
            t -> new double[] {1.0, 110 * sin(t, 2), 40 * sin(t + 0.4, 2.5)},
            null));
    scenes.add(
        scene(
            "zoom",
            face,
            60,
            t -> new double[] {0.85 + 0.3 * (0.5 + 0.5 * sin(t, 5)), 30 * sin(t, 6), 0},
            null));
    scenes.add(
        scene(
            "walk in from the left",
            face,
            50,
            t -> new double[] {1.0, Math.min(0, -420 + 180 * t), 10 * sin(t, 3)},
            null));
    scenes.add(
        scene(
            "passing occluder",
            face,
            60,
            t -> new double[] {1.0, 50 * sin(t, 4), 0},
            t -> (int) (-200 + 160 * t))); // a bar crossing the frame left to right
    return scenes;
  }

  /**
   * Runs {@link KeyframeFaceFinder} on the scenes, one frame per batch, and compares its boxes with
   * the reference.
   *
   * @param local the re-localisation detector, or null to carry boxes only
   */
  public static Result measure(
      List<Scene> scenes,
      Detections reference,
      Predictor<RgbImage, List<FaceDetection>> full,
      Predictor<RgbImage, List<FaceDetection>> local,
      int inputSize,
      int interval)
      throws TranslateException {
    int referenceFaces = 0;
    int found = 0;
    int breaks = 0;
    int frames = 0;
    List<Double> ious = new ArrayList<>();
    KeyframeFaceFinder finder = new KeyframeFaceFinder(interval, full, local, 16);
    for (Scene scene : scenes) {
      List<List<FaceDetection>> truth = reference.of(scene);
      FaceDetection previous = null;
      for (int i = 0; i < scene.frames().size(); i++) {
        long t = i * 1000L / FPS;
        List<FaceDetection> boxes =
            finder
                .find(List.of(new KeyframeFaceFinder.Frame(scene.name(), t, scene.pixels().get(i))))
                .get(0);
        frames++;
        FaceDetection matchedNow = null;
        for (FaceDetection ref : truth.get(i)) {
          referenceFaces++;
          FaceDetection best = null;
          double bestIou = 0;
          for (FaceDetection b : boxes) {
            double iou = ref.iou(b);
            if (iou > bestIou) {
              best = b;
              bestIou = iou;
            }
          }
          if (bestIou >= FOUND_IOU) {
            found++;
            ious.add(bestIou);
            matchedNow = best;
          }
        }
        if (matchedNow != null && previous != null && matchedNow.iou(previous) < TRACK_MIN_IOU) {
          breaks++;
        }
        previous = matchedNow;
      }
    }
    double[] sorted = ious.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    return new Result(
        interval,
        inputSize,
        referenceFaces,
        found,
        median,
        breaks,
        frames,
        (int) finder.keyframes(),
        (int) finder.relocalisations());
  }

  private interface Path {
    /** {zoom, dx, dy} at time t seconds. */
    double[] at(double t);
  }

  private interface Occluder {
    /** Left edge of a vertical bar at time t, in pixels. */
    int x(double t);
  }

  private static Scene scene(
      String name, BufferedImage face, int frames, Path path, Occluder occluder) {
    List<RgbFrame> pixels = new ArrayList<>(frames);
    List<RgbImage> images = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      double t = i / (double) FPS;
      double[] p = path.at(t);
      BufferedImage frame = SampleFrames.transformed(face, p[0], p[1], p[2]);
      if (occluder != null) {
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(90, 90, 96));
        g.fillRect(occluder.x(t), 0, 70, SampleFrames.SIDE);
        g.dispose();
      }
      pixels.add(RgbFrame.of(frame));
      images.add(pixels.get(i).toImage());
    }
    return new Scene(name, List.copyOf(pixels), List.copyOf(images));
  }

  private static double sin(double t, double period) {
    return Math.sin(2 * Math.PI * t / period);
  }

  /** A one-line summary of a result, as the bench prints it. */
  public static String format(Result r) {
    return String.format(
        "interval %d, input %3d: recall %.3f, median IoU %.3f, track breaks %.1f/min, full-frame detection on %3.0f%% of frames, %.2f re-localisations/frame",
        r.interval(),
        r.inputSize(),
        r.recall(),
        r.medianIou(),
        r.breaksPerMinute(),
        100.0 * r.detections() / r.frames(),
        r.relocalisations() / (double) r.frames());
  }
}
