package io.emostream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.onnx.ModelEngine;
import io.emostream.model.onnx.OnnxRuntimeSettings;
import io.emostream.model.translate.FaceExpressionTranslator;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The networks alone, on the sample face: the ceilings the pipeline figures are compared with. */
public final class ModelBenchmark {
  private static final Shape FACE =
      new Shape(FaceFeatureExtractor.INPUT_SIZE, FaceFeatureExtractor.INPUT_SIZE, 3);

  /** The raw encoder's best at one batch size, in two layouts; see {@link #rawEncoder}. */
  public record Baseline(ModelThroughput.Result wide, ModelThroughput.Result perCore, int cores) {
    public double best() {
      return Math.max(wide.median(), perCore.median());
    }
  }

  private ModelBenchmark() {}

  /**
   * FaceExpressionNet faces/s on {@code engine} at each batch size by the task-slot rule: one
   * single-thread model per slot, {@code slots} of them at once (1: one slot alone).
   */
  public static List<ModelThroughput.Result> expressionNet(
      Device device,
      ModelEngine engine,
      int slots,
      List<Integer> batches,
      double seconds,
      int rounds)
      throws Exception {
    List<ModelThroughput.Result> out = new ArrayList<>();
    try (Model expression = expression(device, engine)) {
      float[] input = FaceExpressionTranslator.preprocess(SampleInputs.face());
      for (int batch : batches) {
        out.add(
            ModelThroughput.measureParallel(
                expression, input, FACE, batch, slots, seconds, rounds));
      }
    }
    return out;
  }

  /** TinyFaceDetector frames/s on {@code engine}, batch 1, one single-thread model per slot. */
  public static ModelThroughput.Result detector(
      Device device, ModelEngine engine, int slots, int size, double seconds, int rounds)
      throws Exception {
    try (Model tiny = detector(device, engine)) {
      float[] input = TinyFaceDetectorTranslator.preprocess(SampleInputs.image(), size);
      return ModelThroughput.measureParallel(
          tiny, input, new Shape(size, size, 3), 1, slots, seconds, rounds);
    }
  }

  private static Model expression(Device device, ModelEngine engine) throws Exception {
    if (engine == ModelEngine.ONNXRUNTIME) {
      return FaceApiModels.expression(
          Device.cpu(),
          ModelBundle.builtIn().tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST),
          "built-in",
          onnxOnOneThread());
    }
    DjlEngine.setCpuThreads(1);
    return ClipModels.builtInExpressionNet(device);
  }

  private static Model detector(Device device, ModelEngine engine) throws Exception {
    if (engine == ModelEngine.ONNXRUNTIME) {
      return FaceApiModels.tinyFaceDetector(Device.cpu(), onnxOnOneThread());
    }
    DjlEngine.setCpuThreads(1);
    return FaceApiModels.tinyFaceDetector(device);
  }

  private static EngineChoice onnxOnOneThread() throws java.io.IOException {
    Path dir = Files.createTempDirectory("emostream-bench-onnx");
    return new EngineChoice(ModelEngine.ONNXRUNTIME, OnnxRuntimeSettings.cpu(1), dir.toString());
  }

  /** TinyFaceDetector frames/s at one input size, batch 1. */
  public static ModelThroughput.Result detector(Device device, int size, double seconds, int rounds)
      throws Exception {
    try (Model tiny = FaceApiModels.tinyFaceDetector(device)) {
      float[] input = TinyFaceDetectorTranslator.preprocess(SampleInputs.image(), size);
      return ModelThroughput.measure(tiny, input, new Shape(size, size, 3), 1, seconds, rounds);
    }
  }

  /** Java preprocessing (pad, legacy resize to 112, normalise) of one face crop, in ms. */
  public static double preprocessMillis(int repetitions) {
    RgbImage face = SampleInputs.face();
    long t0 = System.nanoTime();
    for (int i = 0; i < repetitions; i++) {
      FaceExpressionTranslator.preprocess(face);
    }
    return (System.nanoTime() - t0) / 1e6 / repetitions;
  }

  /**
   * The best this machine does with the encoder alone at {@code batch}: one batch at a time on all
   * cores, or one single-thread batch per core at once (what the job's parallel operators do).
   * Twice each, interleaved, best of two, after a 5 s rest: whatever ran before and this machine's
   * neighbours must not lower the baseline, which would flatter an efficiency figure.
   */
  public static Baseline rawEncoder(Device device, int batch) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    try (Model expression = ClipModels.builtInExpressionNet(device)) {
      float[] input = FaceExpressionTranslator.preprocess(SampleInputs.face());
      Thread.sleep(5_000);
      ModelThroughput.Result wide = null;
      ModelThroughput.Result perCore = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        DjlEngine.setCpuThreads(cores);
        wide = better(wide, ModelThroughput.measure(expression, input, FACE, batch, 3, 3));
        DjlEngine.setCpuThreads(1);
        perCore =
            better(
                perCore,
                ModelThroughput.measureParallel(expression, input, FACE, batch, cores, 3, 3));
      }
      return new Baseline(wide, perCore, cores);
    }
  }

  private static ModelThroughput.Result better(ModelThroughput.Result a, ModelThroughput.Result b) {
    return a == null || b.median() > a.median() ? b : a;
  }
}
