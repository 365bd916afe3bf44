package io.emostream.demo;

import io.emostream.model.image.Jpeg;
import io.emostream.model.synth.SyntheticExpressions;
import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.StreamConsent;
import java.time.Instant;
import java.util.List;

/**
 * A camera that shows synthetic faces ({@link SyntheticExpressions}) one clip after another, with
 * the face box as an edge device would send it, and records each frame's true mixture in a {@link
 * MixtureLedger}. Each synthetic clip lasts {@code clipFrames} frames: with the scoring job's clips
 * of the same length and stride, every scored clip shows exactly one synthetic clip.
 */
public final class SyntheticCamera implements CameraSource {
  private final String id;
  private final StreamConsent consent;
  private final SyntheticExpressions.Spec spec;
  private final MixtureLedger ledger;
  private SyntheticExpressions.RenderedClip scene;
  private int sceneIndex;
  private int frame;

  /**
   * @param seed a different seed per camera: different faces
   */
  public SyntheticCamera(
      String id,
      StreamConsent consent,
      long seed,
      int clipFrames,
      int size,
      double ambiguity,
      MixtureLedger ledger) {
    this.id = id;
    this.consent = consent;
    this.spec =
        new SyntheticExpressions.Spec(Integer.MAX_VALUE, clipFrames, size, ambiguity, 10, seed);
    this.ledger = ledger;
  }

  @Override
  public String cameraId() {
    return id;
  }

  @Override
  public StreamConsent consent() {
    return consent;
  }

  @Override
  public Frame next(Instant time) {
    if (scene == null || frame == scene.frames().size()) {
      scene = SyntheticExpressions.render(spec, sceneIndex++);
      frame = 0;
    }
    ledger.record(id, time.toEpochMilli(), scene.clip().mixture());
    byte[] jpeg = Jpeg.encode(scene.frames().get(frame++), 0.9f);
    int side = spec.size();
    return new Frame(
        jpeg, side, side, List.of(new FaceBox(0f, 0f, (float) side, (float) side, 0.99f)));
  }
}
