package io.emostream.demo;

import ai.djl.Device;
import io.emostream.ingest.EdgeFaceDetector;
import io.emostream.ingest.IngestOptions;
import io.emostream.schemas.event.FaceBox;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What an edge device with TinyFaceDetector would send: real face boxes of the sample frames (as
 * {@code ingest --edge-faces BOXES} finds them).
 */
public final class EdgeDetector {
  private EdgeDetector() {}

  public static List<List<List<FaceBox>>> detect(List<List<byte[]>> loops) {
    try (EdgeFaceDetector detector =
        new EdgeFaceDetector(IngestOptions.EdgeFaces.BOXES, Device.cpu(), 0.5)) {
      List<List<List<FaceBox>>> boxes = new ArrayList<>();
      for (List<byte[]> loop : loops) {
        List<List<FaceBox>> perFrame = new ArrayList<>();
        for (byte[] jpeg : loop) {
          perFrame.add(detector.apply(ImageIO.read(new ByteArrayInputStream(jpeg))));
        }
        boxes.add(perFrame);
      }
      return boxes;
    } catch (Exception e) {
      throw new IllegalStateException(
          "edge detection of the sample frames failed: " + e.getMessage(), e);
    }
  }
}
