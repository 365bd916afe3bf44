package io.emostream.model.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.TinyFaceDetectorNet;
import io.emostream.model.translate.ExpressionPrediction;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.FaceExpressionTranslator;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DJL port against the reference implementation (face-api 1.7.15 on TF.js 4.22's cpu backend),
 * on a public-domain photo cut to square, landscape and portrait shapes. Tolerances from the issue:
 * logits 5e-4, probabilities 1e-4, boxes 0.05 px.
 */
class FaceApiParityTest {
  private static final double LOGITS = 5e-4;
  private static final double PROBABILITIES = 1e-4;
  private static final double BOX_PX = 0.05;

  private static Model expression;
  private static Model detector;
  private static Predictor<RgbImage, ExpressionPrediction> expressions;
  private static Predictor<RgbImage, List<FaceDetection>> detections;
  private static final JsonNode REFERENCE = FaceApiReference.json();

  @BeforeAll
  static void load() throws Exception {
    expression = ClipModels.builtInExpressionNet(Device.cpu());
    detector = FaceApiModels.tinyFaceDetector(Device.cpu());
    expressions = expression.newPredictor(new FaceExpressionTranslator());
    detections = detector.newPredictor(new TinyFaceDetectorTranslator(416, 0.5));
  }

  @AfterAll
  static void close() {
    expressions.close();
    detections.close();
    expression.close();
    detector.close();
  }

  @Test
  void detectsTheReferenceBoxesAndScores() throws Exception {
    for (Map.Entry<String, JsonNode> c : cases()) {
      RgbImage image = FaceApiReference.caseImage(c.getValue());
      List<FaceDetection> found = detections.predict(image);
      JsonNode faces = c.getValue().get("faces");
      assertThat(found).as(c.getKey()).hasSize(faces.size());
      for (int i = 0; i < found.size(); i++) {
        FaceDetection d = found.get(i);
        float[] box = FaceApiReference.floats(faces.get(i).get("box"));
        assertThat(new double[] {d.x(), d.y(), d.width(), d.height()})
            .as("%s box %d", c.getKey(), i)
            .containsExactly(new double[] {box[0], box[1], box[2], box[3]}, within(BOX_PX));
        assertThat(d.score())
            .as("%s score", c.getKey())
            .isCloseTo(faces.get(i).get("score").asDouble(), within(PROBABILITIES));
      }
    }
  }

  @Test
  void scoresEachDetectedFaceCropLikeTheReference() throws Exception {
    for (Map.Entry<String, JsonNode> c : cases()) {
      RgbImage image = FaceApiReference.caseImage(c.getValue());
      for (JsonNode face : c.getValue().get("faces")) {
        float[] b = FaceApiReference.floats(face.get("box"));
        FaceDetection d =
            new FaceDetection(
                face.get("box").get(0).asDouble(),
                face.get("box").get(1).asDouble(),
                face.get("box").get(2).asDouble(),
                face.get("box").get(3).asDouble(),
                1);
        int[] r = d.cropRect(image.width(), image.height());
        assertThat(new long[] {r[3], r[2], 3})
            .as("%s crop shape of box %s", c.getKey(), Arrays.toString(b))
            .containsExactly(
                face.get("cropShape").get(0).asLong(), face.get("cropShape").get(1).asLong(), 3);
        ExpressionPrediction p = expressions.predict(image.crop(r[0], r[1], r[2], r[3]));
        assertClose(c.getKey() + " face", p, face);
      }
    }
  }

  @Test
  void scoresWholeImagesOfEveryShapeLikeTheReference() throws Exception {
    List<RgbImage> images = new ArrayList<>();
    List<JsonNode> expected = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : cases()) {
      images.add(FaceApiReference.caseImage(c.getValue()));
      expected.add(c.getValue().get("wholeImage"));
    }
    List<ExpressionPrediction> batch = expressions.batchPredict(images); // one forward for all
    for (int i = 0; i < images.size(); i++) {
      assertClose("whole image " + i, batch.get(i), expected.get(i));
    }
  }

  @Test
  void preprocessesANonSquareImageExactly() {
    JsonNode landscape = REFERENCE.get("cases").get("landscape");
    float[] reference = FaceApiReference.f32le(landscape.get("wholeImage").get("input").asText());
    float[] ours = FaceExpressionTranslator.preprocess(FaceApiReference.caseImage(landscape));
    assertThat(ours).containsExactly(reference, within(1e-6f));
  }

  @Test
  void detectorHeadMatchesTheReferenceRawOutput() {
    ParameterStore ps = new ParameterStore(detector.getNDManager(), false);
    for (Map.Entry<String, JsonNode> c : cases()) {
      float[] input =
          TinyFaceDetectorTranslator.preprocess(FaceApiReference.caseImage(c.getValue()), 416);
      NDArray x = detector.getNDManager().create(input, new Shape(1, 416, 416, 3));
      float[] head =
          detector.getBlock().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] reference = FaceApiReference.f32le(c.getValue().get("tinyHead").asText());
      assertThat(head)
          .as(c.getKey())
          .hasSize(reference.length)
          .containsExactly(reference, within(5e-4f));
    }
    assertThat(detector.getBlock()).isInstanceOf(TinyFaceDetectorNet.class);
  }

  private static void assertClose(String what, ExpressionPrediction p, JsonNode expected) {
    assertThat(p.logits())
        .as("%s logits", what)
        .containsExactly(FaceApiReference.floats(expected.get("logits")), within((float) LOGITS));
    assertThat(p.probabilities())
        .as("%s probabilities", what)
        .containsExactly(
            FaceApiReference.floats(expected.get("probabilities")), within((float) PROBABILITIES));
  }

  private static Iterable<Map.Entry<String, JsonNode>> cases() {
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    REFERENCE.get("cases").fields().forEachRemaining(list::add);
    return list;
  }
}
