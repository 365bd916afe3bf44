package io.emostream.demo;

import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.StreamConsent;
import java.time.Instant;
import java.util.List;

/** One camera of a demo feed: what it shows, frame by frame, and its stream's consent. */
public interface CameraSource {
  String cameraId();

  StreamConsent consent();

  /** The next frame, captured at {@code time}. Called from the feed's one thread. */
  Frame next(Instant time);

  /**
   * A JPEG frame and the faces an edge detector found in it (null: the job detects).
   *
   * @param faces null when the camera sends no boxes
   */
  record Frame(byte[] jpeg, int width, int height, List<FaceBox> faces) {}
}
