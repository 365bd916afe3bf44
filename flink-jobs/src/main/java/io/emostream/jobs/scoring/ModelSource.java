package io.emostream.jobs.scoring;

import io.emostream.jobs.config.ScoringOptions;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import java.io.Serializable;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.slf4j.LoggerFactory;

/**
 * Where operators get their model from and how it runs: a bundle directory ({@code
 * scoring.model.bundle}) or the built-in bundle, on {@code scoring.model.device}, with {@code
 * scoring.model.cpu-threads} PyTorch threads per process on CPU (0: cores / task slots).
 * Serializable; models are loaded in the task.
 */
public record ModelSource(String bundleDir, String device, int cpuThreads) implements Serializable {

  public ModelSource(String bundleDir, String device) {
    this(bundleDir, device, 0);
  }

  public static ModelSource from(Configuration conf) {
    return new ModelSource(
        conf.getOptional(ScoringOptions.MODEL_BUNDLE).orElse(null),
        conf.get(ScoringOptions.MODEL_DEVICE),
        conf.get(ScoringOptions.MODEL_CPU_THREADS));
  }

  private static final String PIN = "#sha256=";

  /**
   * A reference to an accepted release's bundle that pins its manifest: whoever opens it later (the
   * clip scorer, maybe on another TaskManager) gets exactly the bundle that was verified and
   * signed, or an error.
   */
  static String pinned(Path dir, String manifestSha256) {
    return dir + PIN + manifestSha256;
  }

  public ModelBundle bundle() throws Exception {
    if (bundleDir == null) {
      return ModelBundle.builtIn();
    }
    int pin = bundleDir.lastIndexOf(PIN);
    if (pin < 0) {
      return ModelBundle.open(Path.of(bundleDir));
    }
    ModelBundle bundle = ModelBundle.open(Path.of(bundleDir.substring(0, pin)));
    String accepted = bundleDir.substring(pin + PIN.length());
    if (!bundle.manifestSha256().equals(accepted)) {
      throw new BundleException(
          bundle.location() + " changed on disk after its release was accepted; not loading it");
    }
    return bundle;
  }

  public FrameEncodingClipModel frameEncoder() throws Exception {
    return ClipModels.loadFrameEncoding(bundle(), DjlEngine.device(device));
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
