package io.emostream.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emostream.jobs.scoring.ModelSource;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.translate.ExpressionPrediction;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.FaceExpressionTranslator;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emostream score-image}: faces and their expression probabilities in still images. */
@Command(
    name = "score-image",
    mixinStandardHelpOptions = true,
    description = {
      "Finds faces in PNG or JPEG images and prints each face's expression probabilities.",
      "Uses face-api 1.7.15's TinyFaceDetector and FaceExpressionNet, ported to DJL, on ONNX Runtime (default) or PyTorch."
    },
    footer = {
      "",
      "Example:  bin/emostream score-image --json photo.jpg",
      "          bin/emostream score-image --detector none face-crop.png"
    })
final class ScoreImageCommand implements Callable<Integer> {
  enum Detector {
    tiny,
    none
  }

  @Mixin ConfigMixin config;
  @Mixin EngineFlags engine;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
  List<Path> images;

  @Option(
      names = "--detector",
      paramLabel = "tiny|none",
      defaultValue = "tiny",
      description =
          "tiny: TinyFaceDetector finds the faces; none: each whole image is one face crop (default ${DEFAULT-VALUE}).")
  Detector detector;

  @Option(
      names = "--device",
      paramLabel = "D",
      defaultValue = "cpu",
      description = "cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--score-threshold",
      paramLabel = "S",
      defaultValue = "0.5",
      description = "Minimum detection score (default ${DEFAULT-VALUE}).")
  double scoreThreshold;

  @Option(
      names = "--input-size",
      paramLabel = "N",
      defaultValue = "416",
      description = "Detector input size, a multiple of 32 (default ${DEFAULT-VALUE}).")
  int inputSize;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  /** One face's result, as printed. */
  record Face(double[] box, Double score, Map<String, Float> probabilities, String top) {}

  /** One image's result, as printed. */
  record ImageResult(String image, int width, int height, List<Face> faces) {}

  @Override
  public Integer call() throws Exception {
    Device d = DjlEngine.device(device);
    EngineChoice choice =
        ModelSource.engine(config.load(ConfigDefaults.givenSettings(spec)))
            .withThreads(Runtime.getRuntime().availableProcessors());
    List<ImageResult> results = new ArrayList<>();
    try (Model expression = ClipModels.builtInExpressionNet(d, choice);
        Model tiny = FaceApiModels.tinyFaceDetector(d, choice);
        Predictor<RgbImage, ExpressionPrediction> expressions =
            expression.newPredictor(new FaceExpressionTranslator());
        Predictor<RgbImage, List<FaceDetection>> detections =
            tiny.newPredictor(new TinyFaceDetectorTranslator(inputSize, scoreThreshold))) {
      for (Path path : images) {
        RgbImage image = read(path);
        List<FaceDetection> faces =
            detector == Detector.none
                ? List.of(new FaceDetection(0, 0, image.width(), image.height(), Double.NaN))
                : detections.predict(image);
        List<RgbImage> crops = new ArrayList<>();
        List<FaceDetection> kept = new ArrayList<>();
        for (FaceDetection f : faces) {
          int[] r = f.cropRect(image.width(), image.height());
          if (r[2] > 0 && r[3] > 0) {
            crops.add(image.crop(r[0], r[1], r[2], r[3]));
            kept.add(f);
          }
        }
        List<ExpressionPrediction> predictions =
            crops.isEmpty() ? List.of() : expressions.batchPredict(crops);
        List<Face> out = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
          FaceDetection f = kept.get(i);
          out.add(face(f, predictions.get(i).probabilities()));
        }
        results.add(new ImageResult(path.toString(), image.width(), image.height(), out));
      }
    }
    print(results);
    return 0;
  }

  private static Face face(FaceDetection f, float[] p) {
    Map<String, Float> probabilities = new LinkedHashMap<>();
    int top = 0;
    for (int c = 0; c < p.length; c++) {
      probabilities.put(BundleManifest.CLASSES.get(c), p[c]);
      top = p[c] > p[top] ? c : top;
    }
    return new Face(
        new double[] {f.x(), f.y(), f.width(), f.height()},
        Double.isNaN(f.score()) ? null : f.score(),
        probabilities,
        BundleManifest.CLASSES.get(top));
  }

  private static RgbImage read(Path path) throws IOException {
    BufferedImage image = ImageIO.read(path.toFile());
    if (image == null) {
      throw new IOException(path + " is not a readable PNG or JPEG image");
    }
    return RgbImage.of(image);
  }

  private void print(List<ImageResult> results) throws IOException {
    if (json) {
      System.out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(results));
      return;
    }
    for (ImageResult r : results) {
      System.out.printf(
          Locale.ROOT,
          "%s  %dx%d  %d face(s)%n",
          r.image(),
          r.width(),
          r.height(),
          r.faces().size());
      for (int i = 0; i < r.faces().size(); i++) {
        Face f = r.faces().get(i);
        System.out.printf(
            Locale.ROOT,
            "  face %d  box [%.1f, %.1f, %.1f, %.1f]  score %s  -> %s%n",
            i + 1,
            f.box()[0],
            f.box()[1],
            f.box()[2],
            f.box()[3],
            f.score() == null ? "-" : String.format(Locale.ROOT, "%.4f", f.score()),
            f.top());
        StringBuilder line = new StringBuilder("    ");
        f.probabilities()
            .forEach((k, v) -> line.append(String.format(Locale.ROOT, "%s %.4f  ", k, v)));
        System.out.println(line.toString().stripTrailing());
      }
    }
  }
}
