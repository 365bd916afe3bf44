package io.emostream.jobs.scoring;

import ai.djl.Model;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.fs.RemoteBundles;
import io.emostream.jobs.fs.StoreRoots;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.onnx.OnnxRuntimeSettings;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.slf4j.LoggerFactory;

/**
 * Where operators get their model from and how it runs: a bundle directory ({@code
 * scoring.model.bundle}) or the built-in bundle, on {@code scoring.model.device}, with {@code
 * scoring.model.cpu-threads} PyTorch threads per process on CPU (0: cores / task slots).
 * Serializable; models are loaded in the task.
 */
public record ModelSource(String bundleDir, String device, int cpuThreads, EngineChoice engine)
    implements Serializable {

  /** On PyTorch. */
  public ModelSource(String bundleDir, String device) {
    this(bundleDir, device, 0, EngineChoice.pytorch());
  }

  public static ModelSource from(Configuration conf) {
    return new ModelSource(
        conf.getOptional(ScoringOptions.MODEL_BUNDLE).orElse(null),
        conf.get(ScoringOptions.MODEL_DEVICE),
        conf.get(ScoringOptions.MODEL_CPU_THREADS),
        engine(conf));
  }

  /** The engine settings of {@code scoring.model.*}, with one ONNX Runtime thread. */
  public static EngineChoice engine(Configuration conf) {
    OnnxRuntimeSettings onnx =
        new OnnxRuntimeSettings(
            OnnxRuntimeSettings.Provider.parse(conf.get(ScoringOptions.MODEL_ONNX_PROVIDER)),
            conf.get(ScoringOptions.MODEL_ONNX_GPU),
            1,
            conf.getOptional(ScoringOptions.MODEL_ONNX_TENSORRT_CACHE).orElse(null),
            conf.get(ScoringOptions.MODEL_ONNX_TENSORRT_FP16));
    return new EngineChoice(
        conf.get(ScoringOptions.MODEL_ENGINE),
        onnx,
        conf.getOptional(ScoringOptions.MODEL_ONNX_EXPORT_DIR)
            .orElseGet(EngineChoice::defaultExportDir));
  }

  /** Another bundle, run the same way. */
  public ModelSource withBundle(String dir) {
    return new ModelSource(dir, device, cpuThreads, engine);
  }

  private static final String PIN = "#sha256=";

  /**
   * A reference to an accepted release's bundle that pins its manifest: whoever opens it later (the
   * clip scorer, maybe on another TaskManager) gets exactly the bundle that was verified and
   * signed, or an error.
   */
  static String pinned(String location, String manifestSha256) {
    return location + PIN + manifestSha256;
  }

  public ModelBundle bundle() throws Exception {
    if (bundleDir == null) {
      return ModelBundle.builtIn();
    }
    int pin = bundleDir.lastIndexOf(PIN);
    if (pin < 0) {
      return open(bundleDir);
    }
    ModelBundle bundle = open(bundleDir.substring(0, pin));
    String accepted = bundleDir.substring(pin + PIN.length());
    if (!bundle.manifestSha256().equals(accepted)) {
      throw new BundleException(
          bundleDir.substring(0, pin) + " changed after its release was accepted; not loading it");
    }
    return bundle;
  }

  /** A bundle directory, or a bundle in a store a Flink file system reaches (s3://…). */
  private static ModelBundle open(String location) throws BundleException {
    return StoreRoots.isFlinkFileSystem(location)
        ? RemoteBundles.open(URI.create(location))
        : ModelBundle.open(Path.of(location));
  }

  /** The clip model, with one ONNX Runtime thread (tests, tools). */
  public FrameEncodingClipModel frameEncoder() throws Exception {
    return frameEncoder(0);
  }

  /** The clip model in an operator of a TaskManager with {@code taskSlots} slots. */
  public FrameEncodingClipModel frameEncoder(int taskSlots) throws Exception {
    return frameEncoder(bundle(), taskSlots);
  }

  /** {@code bundle}'s model (a verified release), run as this source runs its own. */
  public FrameEncodingClipModel frameEncoder(ModelBundle bundle, int taskSlots)
      throws BundleException {
    return ClipModels.loadFrameEncoding(
        bundle, DjlEngine.device(device), engine.withThreads(threadsPerModel(taskSlots)));
  }

  /** The face detector, on the same engine. */
  public Model detector(int taskSlots) throws Exception {
    return FaceApiModels.tinyFaceDetector(
        DjlEngine.device(device), engine.withThreads(threadsPerModel(taskSlots)));
  }

  /**
   * ONNX Runtime threads per model: each operator has its own session, so cores / slots (or
   * scoring.model.cpu-threads); 1 where the slot count is unknown.
   */
  private int threadsPerModel(int taskSlots) {
    if (cpuThreads > 0) {
      return cpuThreads;
    }
    return taskSlots <= 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors() / taskSlots);
  }

  /**
   * Sizes PyTorch's CPU thread pool for a TaskManager with {@code taskSlots} slots. Every slot may
   * run a model operator at once: a pool as wide as the machine in each oversubscribes the cores
   * (measured in docs/benchmarks.md, "Whole pipeline", the scoring.model.cpu-threads runs).
   */
  public void configureCpuThreads(int taskSlots) {
    if (!DjlEngine.device(device).isGpu()) {
      int threads =
          cpuThreads > 0
              ? cpuThreads
              : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, taskSlots));
      if (DjlEngine.setCpuThreads(threads)) {
        LoggerFactory.getLogger(ModelSource.class)
            .info(
                "PyTorch CPU threads: {} ({} cores, {} task slots)",
                threads,
                Runtime.getRuntime().availableProcessors(),
                taskSlots);
      }
    }
  }
}
