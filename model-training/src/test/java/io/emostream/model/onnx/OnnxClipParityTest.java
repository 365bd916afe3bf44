package io.emostream.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import io.emostream.model.Digests;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.ClipModel;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ModelException;
import io.emostream.model.bundle.OnnxClipBundles;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipFrames;
import io.emostream.model.data.DfewDataset;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.synth.SyntheticExpressions;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.LabelMode;
import io.emostream.model.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clip models on ONNX Runtime against PyTorch: a trained temporal bundle in the job's two parts
 * (encoder, head), the same bundle and the built-in one exported whole as {@code onnx-clip}
 * bundles; probabilities within 1e-4.
 */
class OnnxClipParityTest {
  private static final int FRAMES = 4;
  private static final int SIZE = 32;
  private static final float PROBABILITIES = 1e-4f;

  @TempDir static Path dir;
  static ModelBundle temporal;
  static List<List<RgbImage>> clips;
  static EngineChoice ort;

  @BeforeAll
  static void trainATinyTemporalModel() throws Exception {
    Path data = dir.resolve("data");
    SyntheticExpressions.write(
        new SyntheticExpressions.Spec(30, FRAMES, 48, 0.6, 10, 5), data, null);
    ClipDataset train = DfewDataset.read(data, 1, DfewDataset.Split.TRAIN, FRAMES, SIZE, null);
    ClipDataset test = DfewDataset.read(data, 1, DfewDataset.Split.TEST, FRAMES, SIZE, null);
    TrainingOptions options =
        TrainingOptions.builder()
            .epochs(1)
            .batchSize(8)
            .hidden(16)
            .mode(LabelMode.SOFT)
            .seed(5)
            .build();
    try (ClipTrainer trainer =
        new ClipTrainer(options, FRAMES, SIZE, new Device[] {Device.cpu()})) {
      trainer.fit(train, null, null, null, s -> {});
      temporal = trainer.writeBundle(dir.resolve("temporal"), "temporal-v1", Map.of(), null);
    }
    clips = new ArrayList<>();
    for (var c : test.clips()) {
      clips.add(ClipFrames.images(c, test.frameSize()));
    }
    clips.add(clips.get(0).subList(0, 2)); // fewer frames than the bundle's T: resampled
    ort = new EngineChoice(ModelEngine.ONNXRUNTIME, OnnxRuntimeSettings.cpu(2), dir.toString());
  }

  @Test
  void aTemporalBundleScoresTheSameOnBothEnginesFromCachedFeatures() throws Exception {
    try (FrameEncodingClipModel torch = ClipModels.loadFrameEncoding(temporal, Device.cpu());
        FrameEncodingClipModel onnx = ClipModels.loadFrameEncoding(temporal, Device.cpu(), ort)) {
      assertThat(onnx.getClass()).isEqualTo(torch.getClass());
      List<float[]> a = torch.predict(clips);
      List<float[]> b = onnx.predict(clips);
      assertSame(a, b);

      List<float[]> features = onnx.encodeFrames(clips.get(0));
      assertThat(features).hasSize(FRAMES);
      assertThat(features.get(0)).hasSize(256);
      assertThat(onnx.scoreFeatures(List.of(features)).get(0))
          .containsExactly(a.get(0), within(PROBABILITIES));
    }
  }

  @Test
  void aTemporalBundleExportedWholeRunsAsAnOnnxClipBundle() throws Exception {
    ModelBundle exported = OnnxClipBundles.export(temporal, dir.resolve("temporal-onnx"), "t-onnx");
    assertThat(exported.manifest().architecture()).isEqualTo(ClipModels.ONNX);
    assertThat(exported.manifest().parentVersion()).isEqualTo("temporal-v1");
    try (ClipModel torch = ClipModels.load(temporal, Device.cpu());
        ClipModel onnx =
            ClipModels.load(ModelBundle.open(dir.resolve("temporal-onnx")), Device.cpu())) {
      assertThat(onnx.version()).isEqualTo("t-onnx");
      assertSame(torch.predict(clips), onnx.predict(clips));
    }
  }

  @Test
  void theBuiltInBundleExportedWholeAveragesFramesLikeThePyTorchModel() throws Exception {
    ModelBundle exported =
        OnnxClipBundles.export(ModelBundle.builtIn(), dir.resolve("built-in-onnx"), "b-onnx");
    try (ClipModel torch = ClipModels.load(ModelBundle.builtIn(), Device.cpu());
        ClipModel onnx = ClipModels.load(exported, Device.cpu(), ort)) {
      assertSame(torch.predict(clips), onnx.predict(clips));
    }
  }

  @Test
  void aBrokenOnnxBundleIsRefusedAndAMisshapenOneFailsWithItsShape() throws Exception {
    ModelBundle good = OnnxClipBundles.export(temporal, dir.resolve("to-break"), "broken");
    Path broken = dir.resolve("to-break");
    byte[] junk = "not an onnx model".getBytes();
    Files.write(broken.resolve("model.onnx"), junk);
    Files.writeString(
        broken.resolve("manifest.json"),
        new String(good.manifestJson())
            .replace(good.manifest().files().get(0).sha256(), Digests.sha256(junk)));
    assertThatThrownBy(() -> ClipModels.load(ModelBundle.open(broken), Device.cpu()))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model.onnx is not a loadable ONNX model");

    // a per-image graph where a clip graph belongs: the model fails on the batch, with its version
    byte[] perImage;
    try (Model expression = ClipModels.builtInExpressionNet(Device.cpu())) {
      perImage = OnnxExport.expression((FaceExpressionNet) expression.getBlock()).toByteArray();
    }
    Files.write(broken.resolve("model.onnx"), perImage);
    Files.writeString(
        broken.resolve("manifest.json"),
        new String(good.manifestJson())
            .replace(good.manifest().files().get(0).sha256(), Digests.sha256(perImage)));
    try (ClipModel misshapen = ClipModels.load(ModelBundle.open(broken), Device.cpu())) {
      assertThatThrownBy(() -> misshapen.predict(clips))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("broken failed on " + clips.size() + " clips");
    }
  }

  private static void assertSame(List<float[]> expected, List<float[]> actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i))
          .as("clip %d", i)
          .containsExactly(expected.get(i), within(PROBABILITIES));
    }
  }
}
