package io.emostream.jobs.frames;

import io.emostream.model.translate.FaceDetection;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.FrameEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The face boxes an edge device sent with a frame, checked against the contract of {@link FaceBox}:
 * finite pixel coordinates, a positive size, overlapping the frame, a score in [0, 1], and no more
 * than a configured number per frame (each box becomes a crop the job encodes).
 */
public final class EdgeFaceBoxes {
  private EdgeFaceBoxes() {}

  /**
   * The frame's edge faces as the job uses them; null if the frame carries none (the job detects).
   *
   * @throws FrameRejectedException INVALID_FACE_BOX, naming the first offending box
   */
  public static List<FaceDetection> of(FrameEvent frame, int maxFaces)
      throws FrameRejectedException {
    List<FaceBox> boxes = frame.getFaces();
    if (boxes == null) {
      return null;
    }
    if (boxes.size() > maxFaces) {
      throw invalid(
          "the frame carries "
              + boxes.size()
              + " face boxes, more than scoring.frame.max-faces = "
              + maxFaces);
    }
    List<FaceDetection> faces = new ArrayList<>(boxes.size());
    for (int i = 0; i < boxes.size(); i++) {
      FaceBox b = boxes.get(i);
      String problem = problem(b, frame.getWidth(), frame.getHeight());
      if (problem != null) {
        throw invalid("face box " + i + " " + problem);
      }
      faces.add(new FaceDetection(b.getX(), b.getY(), b.getWidth(), b.getHeight(), b.getScore()));
    }
    return faces;
  }

  /** Unchecked conversion, for boxes that passed admission. */
  public static List<FaceDetection> unchecked(FrameEvent frame) {
    if (frame.getFaces() == null) {
      return null;
    }
    List<FaceDetection> faces = new ArrayList<>(frame.getFaces().size());
    for (FaceBox b : frame.getFaces()) {
      faces.add(new FaceDetection(b.getX(), b.getY(), b.getWidth(), b.getHeight(), b.getScore()));
    }
    return faces;
  }

  private static String problem(FaceBox b, int frameWidth, int frameHeight) {
    float x = b.getX();
    float y = b.getY();
    float w = b.getWidth();
    float h = b.getHeight();
    if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(w) || !Float.isFinite(h)) {
      return "has a coordinate that is not a finite number";
    }
    if (w <= 0 || h <= 0) {
      return "has no area (" + w + "x" + h + ")";
    }
    if (x >= frameWidth || y >= frameHeight || x + w <= 0 || y + h <= 0) {
      return "lies outside the " + frameWidth + "x" + frameHeight + " frame";
    }
    float score = b.getScore();
    if (!(score >= 0 && score <= 1)) { // also NaN
      return "has score " + score + ", outside [0, 1]";
    }
    return null;
  }

  private static FrameRejectedException invalid(String why) {
    return new FrameRejectedException(DeadLetterReason.INVALID_FACE_BOX, why);
  }
}
