package io.emostream.jobs.embedded;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import io.emostream.schemas.event.FaceBox;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** What an edge device with TinyFaceDetector would send: real face boxes of the sample frames. */
final class EdgeDetector {
  private EdgeDetector() {}

  static List<List<List<FaceBox>>> detect(List<List<byte[]>> loops) {
    try (Model model = FaceApiModels.tinyFaceDetector(Device.cpu());
        Predictor<RgbImage, List<FaceDetection>> detector = model.newPredictor(new TinyFaceDetectorTranslator(416, 0.5))) {
      List<List<List<FaceBox>>> boxes = new ArrayList<>();
      for (List<byte[]> loop : loops) {
        List<List<FaceBox>> perFrame = new ArrayList<>();
        for (byte[] jpeg : loop) {
          List<FaceBox> faces = new ArrayList<>();
          for (FaceDetection d : detector.predict(RgbImage.of(ImageIO.read(new ByteArrayInputStream(jpeg))))) {
            faces.add(new FaceBox((float) d.x(), (float) d.y(), (float) d.width(), (float) d.height(), (float) d.score()));
          }
          perFrame.add(faces);
        }
        boxes.add(perFrame);
      }
      return boxes;
    } catch (Exception e) {
      throw new IllegalStateException("edge detection of the sample frames failed: " + e.getMessage(), e);
    }
  }
}
