package io.emostream.ingest;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.emostream.ingest.IngestOptions.EdgeFaces;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import io.emostream.schemas.event.FaceBox;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Face detection on the edge device with TinyFaceDetector. {@link EdgeFaces#BOXES}: frames carry
 * the boxes so the scoring job skips detection. {@link EdgeFaces#FACES_ONLY}: besides, everything
 * outside the face boxes is blacked out before the frame leaves the device (privacy, and JPEG
 * shrinks).
 */
public final class EdgeFaceDetector implements AutoCloseable {
  private final EdgeFaces mode;
  private final Model model;
  private final Predictor<RgbImage, List<FaceDetection>> detector;

  public EdgeFaceDetector(EdgeFaces mode, Device device, double minScore) throws Exception {
    this.mode = mode;
    this.model = FaceApiModels.tinyFaceDetector(device);
    this.detector = model.newPredictor(new TinyFaceDetectorTranslator(416, minScore));
  }

  /** Boxes of the faces in {@code image} (which FACES_ONLY then masks in place). */
  public List<FaceBox> apply(BufferedImage image) throws TranslateException {
    List<FaceDetection> faces = detector.predict(RgbImage.of(image));
    List<FaceBox> boxes = new ArrayList<>(faces.size());
    Area keep = new Area();
    for (FaceDetection d : faces) {
      boxes.add(
          new FaceBox(
              (float) d.x(),
              (float) d.y(),
              (float) d.width(),
              (float) d.height(),
              (float) d.score()));
      int[] r =
          d.cropRect(
              image.getWidth(), image.getHeight()); // exactly the crop the scoring job will take
      keep.add(new Area(new Rectangle2D.Double(r[0], r[1], r[2], r[3])));
    }
    if (mode == EdgeFaces.FACES_ONLY) {
      Area outside = new Area(new Rectangle2D.Double(0, 0, image.getWidth(), image.getHeight()));
      outside.subtract(keep);
      Graphics2D g = image.createGraphics();
      g.setColor(Color.BLACK);
      g.fill(outside);
      g.dispose();
    }
    return boxes;
  }

  @Override
  public void close() {
    detector.close();
    model.close();
  }
}
