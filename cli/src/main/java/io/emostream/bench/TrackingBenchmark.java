package io.emostream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.tracking.TrackingAccuracy;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.io.PrintStream;
import java.util.List;

/** {@code bench tracking}: {@link TrackingAccuracy} over intervals and detector input sizes. */
public final class TrackingBenchmark {
  private TrackingBenchmark() {}

  /**
   * @param localSize re-localisation input size, 0 for none
   */
  public static void run(
      List<Integer> intervals, List<Integer> sizes, int localSize, PrintStream out)
      throws Exception {
    List<TrackingAccuracy.Scene> scenes = TrackingAccuracy.scenes();
    int frames = scenes.stream().mapToInt(s -> s.frames().size()).sum();
    out.printf(
        "%d scenes, %d frames at %d fps; reference: the detector on every frame at %d px%n",
        scenes.size(), frames, TrackingAccuracy.FPS, TrackingAccuracy.REFERENCE_SIZE);
    try (Model model = FaceApiModels.tinyFaceDetector(Device.cpu())) {
      TrackingAccuracy.Detections reference = detections(model, scenes, 416);
      out.println(
          localSize == 0
              ? "between keyframes: boxes carried at constant velocity"
              : "between keyframes: carried, then re-localised at " + localSize + " px");
      try (Predictor<RgbImage, List<FaceDetection>> local =
          localSize == 0
              ? null
              : model.newPredictor(new TinyFaceDetectorTranslator(localSize, 0.5))) {
        for (int size : sizes) {
          try (Predictor<RgbImage, List<FaceDetection>> full =
              model.newPredictor(new TinyFaceDetectorTranslator(size, 0.5))) {
            for (int interval : intervals) {
              out.println(
                  TrackingAccuracy.format(
                      TrackingAccuracy.measure(scenes, reference, full, local, size, interval)));
            }
          }
        }
      }
    }
  }

  private static TrackingAccuracy.Detections detections(
      Model model, List<TrackingAccuracy.Scene> scenes, int size) throws Exception {
    try (Predictor<RgbImage, List<FaceDetection>> detector =
        model.newPredictor(new TinyFaceDetectorTranslator(size, 0.5))) {
      return TrackingAccuracy.Detections.of(scenes, detector);
    }
  }
}
