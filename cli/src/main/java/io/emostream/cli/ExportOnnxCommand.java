package io.emostream.cli;

import ai.djl.Device;
import ai.djl.Model;
import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.bundle.ClipModel;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.OnnxClipBundles;
import io.emostream.model.bundle.WholeClipModel;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.TinyFaceDetectorNet;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.onnx.OnnxExport;
import io.emostream.model.onnx.OnnxRuntimeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emostream export-onnx}: a bundle's model as an onnx-clip bundle, checked on the way out.
 */
@Command(
    name = "export-onnx",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a model bundle (default: the built-in one) as an onnx-clip bundle: one ONNX graph"
          + " (opset 17, dynamic batch) from clips [batch, T, S, S, 3] NTHWC to [batch, 7], for"
          + " ONNX Runtime here, on a GPU host with CUDA or TensorRT, or in another language.",
      "Then runs the source on PyTorch and the export on ONNX Runtime on the same test clips and"
          + " fails if their probabilities differ by more than --tolerance."
    },
    footer = {
      "",
      "Example:  bin/emostream export-onnx --bundle var/releases/v8 --out var/models/v8-onnx",
      "          bin/emostream export-onnx --out var/models/face-api-onnx --detector var/models/tiny_face_detector.onnx",
      "The result runs in the job with -D scoring.model.bundle=DIR; sign it with 'release' like any bundle."
    })
final class ExportOnnxCommand implements Callable<Integer> {
  @Option(
      names = "--bundle",
      paramLabel = "DIR",
      description = "Bundle to export: face-api or temporal (default: built-in).")
  Path bundle;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory of the new bundle (must not exist).")
  Path out;

  @Option(
      names = "--bundle-version",
      paramLabel = "V",
      description = "Version of the new bundle (default: the source's, with -onnx).")
  String version;

  @Option(
      names = "--detector",
      paramLabel = "FILE",
      description = "Also write face-api's TinyFaceDetector here (image [batch, size, size, 3]).")
  Path detector;

  @Option(
      names = "--tolerance",
      paramLabel = "P",
      defaultValue = "1e-4",
      description =
          "Largest allowed probability difference from PyTorch (default ${DEFAULT-VALUE}).")
  double tolerance;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out)) {
      System.err.println(out + " exists; choose a new directory");
      return 2;
    }
    ModelBundle source = bundle == null ? ModelBundle.builtIn() : ModelBundle.open(bundle);
    BundleManifest m = source.manifest();
    ModelBundle exported =
        OnnxClipBundles.export(source, out, version == null ? m.version() + "-onnx" : version);
    BundleManifest e = exported.manifest();
    System.out.printf(
        "%s: %s bundle %s (parent %s), %s %d bytes: clips [batch, %d, %d, %d, 3] -> %s [batch, 7]%n",
        out,
        e.architecture(),
        e.version(),
        e.parentVersion(),
        WholeClipModel.ONNX_FILE,
        exported.file(WholeClipModel.ONNX_FILE).length,
        e.input().frames(),
        e.input().size(),
        e.input().size(),
        e.output().name().toLowerCase());
    if (detector != null) {
      try (Model tiny = FaceApiModels.tinyFaceDetector(Device.cpu())) {
        OnnxExport.write(
            OnnxExport.tinyFaceDetector((TinyFaceDetectorNet) tiny.getBlock()), detector);
      }
      System.out.printf(
          "%s: face-api TinyFaceDetector, image [batch, size, size, 3] -> head [batch, size/32, size/32, 25]%n",
          detector);
    }
    double difference = maxDifference(source, exported);
    System.out.printf(
        "check: max |p(ONNX Runtime) - p(PyTorch)| on %d test clips = %.2e (tolerance %.0e)%n",
        CHECK_CLIPS, difference, tolerance);
    return difference <= tolerance ? 0 : 1;
  }

  private static final int CHECK_CLIPS = 3;

  private static double maxDifference(ModelBundle source, ModelBundle exported) throws Exception {
    List<List<RgbImage>> clips = testClips(source.manifest());
    try (ClipModel torch = ClipModels.load(source, Device.cpu(), EngineChoice.pytorch());
        ClipModel onnx =
            ClipModels.load(
                exported,
                Device.cpu(),
                EngineChoice.onnxRuntime(
                    OnnxRuntimeSettings.cpu(Runtime.getRuntime().availableProcessors())))) {
      List<float[]> a = torch.predict(clips);
      List<float[]> b = onnx.predict(clips);
      double max = 0;
      for (int i = 0; i < a.size(); i++) {
        for (int c = 0; c < a.get(i).length; c++) {
          max = Math.max(max, Math.abs(a.get(i)[c] - b.get(i)[c]));
        }
      }
      return max;
    }
  }

  /** Seeded noise and flat crops at a few sizes: the check is of the graph, not of accuracy. */
  private static List<List<RgbImage>> testClips(BundleManifest m) {
    Random random = new Random(1);
    List<List<RgbImage>> clips = new ArrayList<>();
    for (int c = 0; c < CHECK_CLIPS; c++) {
      int side = m.input().size() / 2 + c * m.input().size() / 2;
      List<RgbImage> frames = new ArrayList<>();
      for (int t = 0; t < m.input().frames(); t++) {
        float[] hwc = new float[side * side * 3];
        for (int i = 0; i < hwc.length; i++) {
          hwc[i] = c == 0 ? 128 : random.nextInt(256);
        }
        frames.add(new RgbImage(side, side, hwc));
      }
      clips.add(frames);
    }
    return clips;
  }
}
