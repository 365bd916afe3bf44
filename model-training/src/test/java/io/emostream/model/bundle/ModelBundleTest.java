package io.emostream.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.emostream.model.DjlEngine;
import io.emostream.model.faceapi.FaceApiReference;
import io.emostream.model.image.RgbImage;
import io.emostream.model.translate.FaceDetection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  private static final JsonNode REFERENCE = FaceApiReference.json();

  @TempDir Path dir;

  @Test
  void builtInBundleServesTheFrameAveragingModel() throws Exception {
    JsonNode square = REFERENCE.get("cases").get("square");
    JsonNode landscape = REFERENCE.get("cases").get("landscape");
    RgbImage face = faceCrop(square);
    try (ClipModel model = ClipModels.load(ModelBundle.builtIn(), Device.cpu())) {
      assertThat(model.version()).isEqualTo("face-api-1.7.15-frame-average");
      assertThat(model.input().frames()).isEqualTo(16);

      List<float[]> out =
          model.predict(
              List.of(
                  List.of(face, face, face),
                  List.of(
                      FaceApiReference.caseImage(square), FaceApiReference.caseImage(landscape))));

      float[] faceRef = FaceApiReference.floats(square.get("faces").get(0).get("probabilities"));
      assertThat(out.get(0)).containsExactly(faceRef, within(1e-4f));
      float[] a = FaceApiReference.floats(square.get("wholeImage").get("probabilities"));
      float[] b = FaceApiReference.floats(landscape.get("wholeImage").get("probabilities"));
      for (int i = 0; i < 7; i++) {
        assertThat(out.get(1)[i]).isCloseTo((a[i] + b[i]) / 2, within(1e-4f)); // temporal average
      }
    }
  }

  @Test
  void encodesEachFrameOnceAndScoresCachedFeatures() throws Exception {
    RgbImage face = faceCrop(REFERENCE.get("cases").get("square"));
    try (FrameEncodingClipModel model =
        (FrameEncodingClipModel) ClipModels.load(ModelBundle.builtIn(), Device.cpu())) {
      List<float[]> features = model.encodeFrames(List.of(face));
      List<float[]> fromCache =
          model.scoreFeatures(List.of(List.of(features.get(0), features.get(0))));
      assertThat(fromCache.get(0))
          .containsExactly(model.predict(List.of(List.of(face))).get(0), within(1e-6f));
    }
  }

  @Test
  void roundTripsThroughADirectoryKeepingItsIdentity() throws Exception {
    ModelBundle builtIn = ModelBundle.builtIn();
    builtIn.writeTo(dir.resolve("v1"));

    ModelBundle opened = ModelBundle.open(dir.resolve("v1"));

    assertThat(opened.manifestSha256()).isEqualTo(builtIn.manifestSha256());
    assertThat(opened.manifest()).isEqualTo(builtIn.manifest());
  }

  @Test
  void rejectsACorruptWeightFileNamingIt() throws Exception {
    ModelBundle.builtIn().writeTo(dir.resolve("bad"));
    Path bin = dir.resolve("bad/face_expression_model.bin");
    byte[] bytes = Files.readAllBytes(bin);
    bytes[1000] ^= 0x40;
    Files.write(bin, bytes);

    assertThatThrownBy(() -> ModelBundle.open(dir.resolve("bad")))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("face_expression_model.bin has sha256")
        .hasMessageContaining("the bundle is corrupt or was modified");
  }

  @Test
  void rejectsAMissingFile() throws Exception {
    ModelBundle.builtIn().writeTo(dir.resolve("gap"));
    Files.delete(dir.resolve("gap/face_expression_model.bin"));
    assertThatThrownBy(() -> ModelBundle.open(dir.resolve("gap")))
        .hasMessageEndingWith("gap/face_expression_model.bin is missing");
  }

  @Test
  void rejectsManifestsThatBreakTheContract() throws Exception {
    assertManifestRejected(
        m ->
            m.replace("\"neutral\", \"happy\"", "\"happy\", \"neutral\"")
                .replace("\"neutral\",\"happy\"", "\"happy\",\"neutral\""),
        "classes must be exactly [neutral, happy, sad, angry, fear, disgust, surprise]");
    assertManifestRejected(m -> m.replace("face-api-expression-frame-average", "resnet-3d"), null);
    assertManifestRejected(
        m -> m.replace("\"face_expression_model.bin\"", "\"../../etc/passwd\""),
        "must stay inside the bundle");
    assertManifestRejected(
        m -> m.replace("\"frames\" : 16", "\"frames\" : 0"),
        "input.frames must be at least 1, got 0");
    assertManifestRejected(
        m -> m.replace("emostream-model-bundle/1", "emostream-model-bundle/9"),
        "format must be 'emostream-model-bundle/1'");
  }

  @Test
  void unknownArchitecturesAreNamed() throws Exception {
    Path bundle =
        writeBuiltInWith(m -> m.replace("face-api-expression-frame-average", "resnet-3d"));
    assertThatThrownBy(() -> ClipModels.load(ModelBundle.open(bundle), Device.cpu()))
        .hasMessageContaining("unknown architecture 'resnet-3d'");
  }

  @Test
  void rejectsAGpuThisMachineDoesNotHave() {
    assertThatThrownBy(() -> DjlEngine.device("gpu:7")).hasMessageContaining("sees 0 GPU(s)");
    assertThatThrownBy(() -> DjlEngine.device("tpu")).hasMessageContaining("unknown device 'tpu'");
    assertThat(DjlEngine.device("cpu")).isEqualTo(Device.cpu());
  }

  private void assertManifestRejected(UnaryOperator<String> edit, String message) throws Exception {
    Path bundle = writeBuiltInWith(edit);
    if (message == null) {
      assertThat(ModelBundle.open(bundle).manifest().architecture())
          .isEqualTo("resnet-3d"); // valid manifest, unknown to loaders
      return;
    }
    assertThatThrownBy(() -> ModelBundle.open(bundle))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining(message);
  }

  private Path writeBuiltInWith(UnaryOperator<String> edit) throws Exception {
    Path bundle = Files.createTempDirectory(dir, "b");
    ModelBundle.builtIn().writeTo(bundle);
    Path manifest = bundle.resolve("manifest.json");
    String edited = edit.apply(Files.readString(manifest));
    Files.writeString(manifest, edited, StandardCharsets.UTF_8);
    return bundle;
  }

  private static RgbImage faceCrop(JsonNode c) {
    RgbImage image = FaceApiReference.caseImage(c);
    JsonNode box = c.get("faces").get(0).get("box");
    int[] r =
        new FaceDetection(
                box.get(0).asDouble(),
                box.get(1).asDouble(),
                box.get(2).asDouble(),
                box.get(3).asDouble(),
                1)
            .cropRect(image.width(), image.height());
    return image.crop(r[0], r[1], r[2], r[3]);
  }
}
