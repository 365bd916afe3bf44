package io.emostream.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.emostream.model.DjlEngine;
import io.emostream.model.bench.ModelThroughput;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.translate.FaceExpressionTranslator;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code emostream bench}: measured throughput, printed with the command that reproduces it. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks. Figures are measured on this machine in this process; copy them with their command into docs/benchmarks.md.",
    subcommands = {BenchCommand.Models.class})
final class BenchCommand {

  @Command(name = "models", mixinStandardHelpOptions = true,
      description = {"Throughput of the pretrained networks (forward pass on preprocessed inputs):",
          "FaceExpressionNet faces/s at several batch sizes, TinyFaceDetector frames/s.",
          "Batch 1 is the baseline the other batch sizes are compared with."})
  static final class Models implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,32,64", description = "Expression net batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--detector-size", defaultValue = "416", description = "Detector input size (default ${DEFAULT-VALUE}).")
    int detectorSize;

    @Option(names = "--seconds", defaultValue = "3", description = "Length of one timed round (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
      Device d = DjlEngine.device(device);
      RgbImage face = sampleFace();
      System.out.printf(Locale.ROOT, "# emostream bench models --device %s --batches %s --detector-size %d --seconds %s --rounds %d%n",
          device, String.join(",", batches.stream().map(String::valueOf).toList()), detectorSize, seconds, rounds);
      System.out.printf(Locale.ROOT, "# %s, %d cores, Java %s, DJL %s, PyTorch engine %s, %s threads%n",
          System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
          ai.djl.engine.Engine.getDjlVersion(), DjlEngine.pytorch().getVersion(), System.getProperty("ai.djl.pytorch.num_threads", "default"));
      try (Model expression = FaceApiModels.expression(d)) {
        float[] input = FaceExpressionTranslator.preprocess(face);
        Shape shape = new Shape(FaceFeatureExtractor.INPUT_SIZE, FaceFeatureExtractor.INPUT_SIZE, 3);
        System.out.println("model              batch   items/s (median)   range            ms/item   x batch-1");
        double baseline = 0;
        for (int batch : batches) {
          ModelThroughput.Result r = ModelThroughput.measure(expression, input, shape, batch, seconds, rounds);
          baseline = baseline == 0 ? r.median() : baseline;
          System.out.printf(Locale.ROOT, "expression-net     %5d   %10.1f faces/s  %7.1f-%-7.1f  %8.2f   %6.2f%n",
              batch, r.median(), r.min(), r.max(), 1000 / r.median(), r.median() / baseline);
        }
      }
      try (Model tiny = FaceApiModels.tinyFaceDetector(d)) {
        float[] input = TinyFaceDetectorTranslator.preprocess(sampleImage(), detectorSize);
        ModelThroughput.Result r = ModelThroughput.measure(tiny, input, new Shape(detectorSize, detectorSize, 3), 1, seconds, rounds);
        System.out.printf(Locale.ROOT, "tiny-detector@%-4d %5d   %10.1f frames/s %7.1f-%-7.1f  %8.2f%n",
            detectorSize, 1, r.median(), r.min(), r.max(), 1000 / r.median());
      }
      long t0 = System.nanoTime();
      int n = 200;
      for (int i = 0; i < n; i++) {
        FaceExpressionTranslator.preprocess(face);
      }
      System.out.printf(Locale.ROOT, "preprocess (Java: pad, legacy resize to 112, normalise): %.3f ms per face crop%n",
          (System.nanoTime() - t0) / 1e6 / n);
      return 0;
    }

    private static RgbImage sampleImage() throws Exception {
      try (InputStream in = BenchCommand.class.getResourceAsStream("/io/emostream/model/sample/astronaut.png")) {
        return RgbImage.of(ImageIO.read(in));
      }
    }

    /** The astronaut's face region (as TinyFaceDetector finds it), 116x111 px. */
    private static RgbImage sampleFace() throws Exception {
      return sampleImage().crop(163, 75, 116, 111);
    }
  }
}
