package io.emostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.ingest.IngestOptions.EdgeFaces;
import io.emostream.schemas.config.Settings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPartsTest {

  @Test
  void samplesThirtyFpsDownToTenAndRestartsAfterAGap() {
    FrameRateSampler s = new FrameRateSampler(10);
    int kept = 0;
    for (int i = 0; i < 90; i++) {
      kept += s.keep(Math.round(i * 1_000_000 / 29.97)) ? 1 : 0;
    }
    assertThat(kept).isEqualTo(30);
    assertThat(s.keep(60_000_000))
        .isTrue(); // long stall: the next frame is kept, no burst of catch-up frames
    assertThat(s.keep(60_033_000)).isFalse();
    FrameRateSampler all = new FrameRateSampler(0);
    assertThat(all.keep(1)).isTrue();
    assertThat(all.keep(1)).isTrue();
  }

  @Test
  void recognisesSources(@TempDir Path dir) throws Exception {
    Path video = Files.writeString(dir.resolve("a.mp4"), "");
    assertThat(SourceUri.parse(video.toString()).kind()).isEqualTo(SourceUri.Kind.VIDEO_FILE);
    assertThat(SourceUri.parse(dir.toString()).kind()).isEqualTo(SourceUri.Kind.IMAGE_FOLDER);
    assertThat(SourceUri.parse("rtsp://10.0.0.5/s1").live()).isTrue();
    assertThat(SourceUri.parse("http://cam/mjpg").kind()).isEqualTo(SourceUri.Kind.NETWORK_STREAM);
    assertThat(SourceUri.parse("webcam:1").location()).isEqualTo("/dev/video1");
    assertThatThrownBy(() -> SourceUri.parse(dir.resolve("missing.mp4").toString()))
        .hasMessageContaining("is not a file, a folder");
  }

  @Test
  void camerasFileOverridesDefaultsPerCameraAndRejectsTypos(@TempDir Path dir) throws Exception {
    Settings conf =
        Settings.of(Map.of("ingest.consent.purpose", "call-quality", "ingest.fps", "5"));
    Path file =
        Files.writeString(
            dir.resolve("cameras.yaml"),
            """
        cameras:
          - camera-id: lobby
            source: rtsp://10.0.0.5/stream1
            fps: 2
            edge-faces: FACES_ONLY
          - camera-id: desk
            source: webcam:0
        """);
    var cameras = CameraSpec.fromFile(file, conf);
    assertThat(cameras).extracting(CameraSpec::cameraId).containsExactly("lobby", "desk");
    assertThat(cameras.get(0).fps()).isEqualTo(2.0);
    assertThat(cameras.get(0).edgeFaces()).isEqualTo(EdgeFaces.FACES_ONLY);
    assertThat(cameras.get(1).fps()).isEqualTo(5.0);
    assertThat(cameras.get(1).consent().getPurpose()).isEqualTo("call-quality");

    Files.writeString(file, "cameras:\n  - camera-id: x\n    source: webcam:0\n    fsp: 3\n");
    assertThatThrownBy(() -> CameraSpec.fromFile(file, conf))
        .hasMessageContaining("cameras[0]: unknown key 'fsp'");
  }

  @Test
  void downscalesLongerSideNeverUpscales() {
    FrameEncoder e = new FrameEncoder(1280, 0.8f);
    assertThat(e.scale(new BufferedImage(1920, 1080, BufferedImage.TYPE_3BYTE_BGR)).getHeight())
        .isEqualTo(720);
    assertThat(e.scale(new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR)).getWidth())
        .isEqualTo(640);
  }
}
