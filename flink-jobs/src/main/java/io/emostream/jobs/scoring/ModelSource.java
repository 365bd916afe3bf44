package io.emostream.jobs.scoring;

import io.emostream.jobs.config.ScoringOptions;
import io.emostream.model.DjlEngine;
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

  public ModelBundle bundle() throws Exception {
    return bundleDir == null ? ModelBundle.builtIn() : ModelBundle.open(Path.of(bundleDir));
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
