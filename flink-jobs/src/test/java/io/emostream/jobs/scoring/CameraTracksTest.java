package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraTracksTest {
  private static final CameraTracks.Settings CLIPS = new CameraTracks.Settings(4, 2, 2, 0.3, 1_000);

  private static FaceObservation face(double x, float feature) {
    return new FaceObservation(x, 100, 80, 80, 0.9, new float[] {feature});
  }

  private static FrameFaces frame(long t, FaceObservation... faces) {
    FrameFaces f = new FrameFaces();
    f.cameraId = "cam";
    f.sequence = t;
    f.captureTimeMillis = t;
    f.modelVersion = "v1";
    f.faces = faces;
    return f;
  }

  @Test
  void keepsTrackIdsAcrossMovingFacesAndEmitsClipsEveryStride() {
    CameraTracks tracks = new CameraTracks("cam");
    List<FeatureClip> clips = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      clips.addAll(
          tracks.observe(
              frame(i * 100L, face(10 + 3 * i, i)), CLIPS)); // drifts right, IoU stays high
    }

    assertThat(clips).extracting(FeatureClip::trackId).containsOnly("cam/t1");
    assertThat(clips).hasSize(3); // at frame 4 (first full clip), then after 2 and 2 more frames
    assertThat(clips.get(0).features()).extracting(f -> f[0]).containsExactly(0f, 1f, 2f, 3f);
    assertThat(clips.get(2).features()).extracting(f -> f[0]).containsExactly(4f, 5f, 6f, 7f);
    assertThat(clips.get(2).windowStartMillis()).isEqualTo(400);
    assertThat(clips.get(2).windowEndMillis()).isEqualTo(700);
  }

  @Test
  void tellsSeveralFacesApartAndStartsATrackForANewcomer() {
    CameraTracks tracks = new CameraTracks("cam");
    tracks.observe(frame(0, face(0, 1), face(300, 2)), CLIPS);
    tracks.observe(frame(100, face(302, 2), face(2, 1)), CLIPS); // listed in the other order
    tracks.observe(frame(200, face(4, 1), face(304, 2), face(600, 3)), CLIPS);

    assertThat(tracks.tracks).extracting(t -> t.id).containsExactly("cam/t1", "cam/t2", "cam/t3");
    assertThat(tracks.tracks.get(0).features).extracting(f -> f[0]).containsOnly(1f);
    assertThat(tracks.tracks.get(1).features).extracting(f -> f[0]).containsOnly(2f);
  }

  @Test
  void anEndingTrackFlushesAFinalClipWhenEnoughFramesWereNeverScored() {
    CameraTracks tracks = new CameraTracks("cam");
    tracks.observe(frame(0, face(0, 1)), CLIPS);
    tracks.observe(frame(100, face(0, 2)), CLIPS);
    tracks.observe(frame(200, face(0, 3)), CLIPS); // 3 frames: no full clip yet

    assertThat(tracks.expire(1_100, CLIPS)).isEmpty(); // seen 900 ms ago: still alive
    List<FeatureClip> last = tracks.expire(1_201, CLIPS);

    assertThat(last).singleElement().satisfies(c -> assertThat(c.features()).hasSize(3));
    assertThat(tracks.tracks).isEmpty();
  }

  @Test
  void aTrackTooShortToScoreEndsWithoutAClip() {
    CameraTracks tracks = new CameraTracks("cam");
    tracks.observe(frame(0, face(0, 1)), CLIPS);
    assertThat(tracks.observe(frame(5_000), CLIPS))
        .isEmpty(); // a frame without faces moves time on
    assertThat(tracks.tracks).isEmpty();
  }

  @Test
  void aFaceThatJumpsAwayStartsANewTrack() {
    CameraTracks tracks = new CameraTracks("cam");
    tracks.observe(frame(0, face(0, 1)), CLIPS);
    tracks.observe(frame(100, face(400, 1)), CLIPS);
    assertThat(tracks.tracks).extracting(t -> t.id).containsExactly("cam/t1", "cam/t2");
  }

  @Test
  void aModelChangeEndsTracksSoClipsNeverMixModels() {
    CameraTracks tracks = new CameraTracks("cam");
    tracks.observe(frame(0, face(0, 1)), CLIPS);
    tracks.observe(frame(100, face(0, 2)), CLIPS);
    FrameFaces swapped = frame(200, face(0, 3));
    swapped.modelVersion = "v2";

    List<FeatureClip> clips = tracks.observe(swapped, CLIPS);

    assertThat(clips).singleElement().satisfies(c -> assertThat(c.modelVersion()).isEqualTo("v1"));
    assertThat(tracks.tracks)
        .singleElement()
        .satisfies(t -> assertThat(t.modelVersion).isEqualTo("v2"));
  }

  @Test
  void validatesSettingsNamingThem() {
    assertThatThrownBy(() -> new CameraTracks.Settings(4, 2, 5, 0.3, 1000))
        .hasMessageContaining("1 <= min-frames <= frames");
  }
}
