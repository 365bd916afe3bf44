package io.emostream.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.model.Digests;
import io.emostream.model.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TorchScript model (made by tools/torchscript-fixture with PyTorch 1.13) served by DJL's
 * PyTorch 2.7 engine.
 */
class TorchScriptClipModelTest {
  private static final Path BUNDLE =
      Path.of("src/test/resources/io/emostream/model/bundles/torchscript-tiny");

  @TempDir Path dir;

  private static RgbImage flat(int w, int h, int[] rgb) {
    float[] hwc = new float[w * h * 3];
    for (int i = 0; i < hwc.length; i++) {
      hwc[i] = rgb[i % 3];
    }
    return new RgbImage(w, h, hwc);
  }

  @Test
  void scoresClipsAsPyTorchDid() throws Exception {
    JsonNode expected = new ObjectMapper().readTree(BUNDLE.resolve("expected.json").toFile());
    int[] warm = rgb(expected.get("warm").get("rgb"));
    int[] dark = rgb(expected.get("dark").get("rgb"));
    try (ClipModel model = ClipModels.load(ModelBundle.open(BUNDLE), Device.cpu())) {
      List<float[]> out =
          model.predict(
              List.of(
                  Collections.nCopies(4, flat(16, 16, warm)),
                  List.of(
                      flat(40, 40, dark),
                      flat(40, 40, dark)))); // resized and time-resampled to 4 frames

      assertThat(model.version()).isEqualTo("torchscript-tiny-test");
      assertThat(out.get(0))
          .containsExactly(floats(expected.get("warm").get("probabilities")), within(1e-5f));
      assertThat(out.get(1))
          .containsExactly(floats(expected.get("dark").get("probabilities")), within(1e-5f));
    }
  }

  @Test
  void rejectsAFileThatIsNotTorchScript() throws Exception {
    Path bundle = dir.resolve("broken");
    Files.createDirectories(bundle);
    byte[] junk = "not a zip archive".getBytes();
    Files.write(bundle.resolve("model.pt"), junk);
    String manifest =
        Files.readString(BUNDLE.resolve("manifest.json"))
            .replaceAll(
                "\"sha256\": \"[0-9a-f]{64}\"", "\"sha256\": \"" + Digests.sha256(junk) + "\"");
    Files.writeString(bundle.resolve("manifest.json"), manifest);

    assertThatThrownBy(() -> ClipModels.load(ModelBundle.open(bundle), Device.cpu()))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model.pt is not a loadable TorchScript model");
  }

  private static int[] rgb(JsonNode a) {
    return new int[] {a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt()};
  }

  private static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).asDouble();
    }
    return f;
  }
}
