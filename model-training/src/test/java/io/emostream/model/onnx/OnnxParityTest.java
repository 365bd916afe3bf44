package io.emostream.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import com.fasterxml.jackson.databind.JsonNode;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.faceapi.FaceApiReference;
import io.emostream.model.image.RgbImage;
import io.emostream.model.translate.ExpressionPrediction;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.FaceExpressionTranslator;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported ONNX networks on ONNX Runtime (CPU) against the DJL PyTorch blocks they were written
 * from, on the face-api fixture photo: probabilities within 1e-4, boxes within 0.05 px.
 */
class OnnxParityTest {
  private static final float PROBABILITIES = 1e-4f;
  private static final float LOGITS = 5e-4f;
  private static final double BOX_PX = 0.05;

  @TempDir static Path dir;

  private static Model torchExpression;
  private static Model torchDetector;
  private static Model ortExpression;
  private static Model ortDetector;

  @BeforeAll
  static void export() throws Exception {
    torchExpression = ClipModels.builtInExpressionNet(Device.cpu());
    torchDetector = FaceApiModels.tinyFaceDetector(Device.cpu());
    // the production loaders: export from the same weights, then ONNX Runtime on the CPU
    EngineChoice choice =
        new EngineChoice(ModelEngine.ONNXRUNTIME, OnnxRuntimeSettings.cpu(2), dir.toString());
    ortExpression =
        FaceApiModels.expression(
            Device.cpu(),
            ModelBundle.builtIn().tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST),
            "built-in",
            choice);
    ortDetector = FaceApiModels.tinyFaceDetector(Device.cpu(), choice);
    assertThat(ortExpression.getNDManager().getEngine().getEngineName()).isEqualTo("OnnxRuntime");
    assertThat(ortExpression.getBlock().getClass().getSimpleName()).isEqualTo("OrtSymbolBlock");
  }

  @AfterAll
  static void close() {
    for (Model m : new Model[] {ortExpression, ortDetector, torchExpression, torchDetector}) {
      if (m != null) {
        m.close();
      }
    }
  }

  @Test
  void expressionsMatchOnFaceCropsAndWholeImagesInOneBatch() throws Exception {
    List<RgbImage> images = new ArrayList<>();
    for (JsonNode c : cases()) {
      RgbImage image = FaceApiReference.caseImage(c);
      images.add(image);
      for (JsonNode face : c.get("faces")) {
        FaceDetection d =
            new FaceDetection(
                face.get("box").get(0).asDouble(),
                face.get("box").get(1).asDouble(),
                face.get("box").get(2).asDouble(),
                face.get("box").get(3).asDouble(),
                1);
        int[] r = d.cropRect(image.width(), image.height());
        images.add(image.crop(r[0], r[1], r[2], r[3]));
      }
    }
    List<ExpressionPrediction> torch;
    List<ExpressionPrediction> ort;
    try (Predictor<RgbImage, ExpressionPrediction> p =
            torchExpression.newPredictor(new FaceExpressionTranslator());
        Predictor<RgbImage, ExpressionPrediction> q =
            ortExpression.newPredictor(new FaceExpressionTranslator())) {
      torch = p.batchPredict(images);
      ort = q.batchPredict(images); // dynamic batch: all crops in one run
    }
    assertThat(ort).hasSameSizeAs(images);
    for (int i = 0; i < images.size(); i++) {
      assertThat(ort.get(i).logits())
          .as("logits %d", i)
          .containsExactly(torch.get(i).logits(), within(LOGITS));
      assertThat(ort.get(i).probabilities())
          .as("probabilities %d", i)
          .containsExactly(torch.get(i).probabilities(), within(PROBABILITIES));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {416, 224})
  void detectionsMatchAtEveryInputSize(int size) throws Exception {
    int faces = 0;
    try (Predictor<RgbImage, List<FaceDetection>> p =
            torchDetector.newPredictor(new TinyFaceDetectorTranslator(size, 0.5));
        Predictor<RgbImage, List<FaceDetection>> q =
            ortDetector.newPredictor(new TinyFaceDetectorTranslator(size, 0.5))) {
      for (JsonNode c : cases()) {
        RgbImage image = FaceApiReference.caseImage(c);
        List<FaceDetection> torch = p.predict(image);
        List<FaceDetection> ort = q.predict(image);
        assertThat(ort).hasSameSizeAs(torch);
        for (int i = 0; i < torch.size(); i++) {
          FaceDetection a = torch.get(i);
          FaceDetection b = ort.get(i);
          assertThat(new double[] {b.x(), b.y(), b.width(), b.height()})
              .containsExactly(new double[] {a.x(), a.y(), a.width(), a.height()}, within(BOX_PX));
          assertThat(b.score()).isCloseTo(a.score(), within((double) PROBABILITIES));
        }
        faces += torch.size();
      }
    }
    assertThat(faces).as("the fixture photo has faces to compare").isPositive();
  }

  @Test
  void aCorruptOnnxFileIsRefusedWithAClearError() throws Exception {
    Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(
            () -> OnnxRuntimeModels.load(corrupt, "corrupt", OnnxRuntimeSettings.cpu(1)).close())
        .hasMessageContaining("ONNX");
  }

  @Test
  void gpuProvidersFailWithWhatIsMissing() {
    assertThatThrownBy(
            () ->
                OnnxRuntimeModels.sessionOptions(
                    new OnnxRuntimeSettings(
                        OnnxRuntimeSettings.Provider.TENSORRT,
                        0,
                        1,
                        dir.resolve("trt").toString(),
                        true)))
        .hasMessageContaining("onnxruntime_gpu")
        .hasMessageContaining("TensorRT 10");
  }

  private static List<JsonNode> cases() {
    List<JsonNode> list = new ArrayList<>();
    FaceApiReference.json().get("cases").elements().forEachRemaining(list::add);
    return list;
  }
}
