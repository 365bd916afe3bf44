package io.emostream.model.onnx;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which engine runs the shipped networks, and for ONNX Runtime how and where the exported files
 * live. Serializable: Flink operators carry it to where models are loaded.
 *
 * @param exportDir where ONNX files exported from the bundles' weights are kept (named by the
 *     weights they come from, so a restart reuses them)
 */
public record EngineChoice(ModelEngine engine, OnnxRuntimeSettings onnx, String exportDir)
    implements Serializable {

  public static EngineChoice pytorch() {
    return new EngineChoice(ModelEngine.PYTORCH, OnnxRuntimeSettings.cpu(1), defaultExportDir());
  }

  public static EngineChoice onnxRuntime(OnnxRuntimeSettings settings) {
    return new EngineChoice(ModelEngine.ONNXRUNTIME, settings, defaultExportDir());
  }

  public boolean onnxRuntime() {
    return engine == ModelEngine.ONNXRUNTIME;
  }

  /** The same choice with {@code threads} ONNX Runtime intra-op threads. */
  public EngineChoice withThreads(int threads) {
    return new EngineChoice(engine, onnx.withThreads(threads), exportDir);
  }

  public Path exportPath(String file) {
    return Path.of(exportDir).resolve(file);
  }

  public static String defaultExportDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "emostream-onnx").toString();
  }
}
