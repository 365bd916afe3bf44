package io.emostream.model.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import io.emostream.model.DjlEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loads an ONNX file as a DJL {@link Model} on DJL's ONNX Runtime engine. The translators stay the
 * same as on PyTorch: ONNX Runtime runs the graph, and DJL's hybrid mode hands the little NDArray
 * work around it (batching) to the PyTorch engine.
 *
 * <p>The CPU build of ONNX Runtime (Maven Central's {@code com.microsoft.onnxruntime:onnxruntime},
 * what EmoStream ships) has no GPU providers. CUDA and TensorRT need {@code onnxruntime_gpu} in its
 * place on the TaskManager's classpath and CUDA 12 + cuDNN 9 (+ TensorRT 10) libraries on the host;
 * without them loading fails with a message that says so.
 */
public final class OnnxRuntimeModels {
  public static final String ENGINE = "OnnxRuntime";

  private OnnxRuntimeModels() {}

  /**
   * DJL's ONNX Runtime engine, offline, with PyTorch loaded first as its hybrid engine for the
   * NDArray work outside the graph. DJL creates the ONNX Runtime environment: nothing else may.
   */
  public static Engine engine() {
    System.setProperty("ai.djl.offline", "true");
    DjlEngine.pytorch();
    return Engine.getEngine(ENGINE);
  }

  public static Model load(Path file, String name, OnnxRuntimeSettings settings)
      throws IOException, MalformedModelException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no ONNX model at " + file);
    }
    return load(name, settings, (model, options) -> model.load(file, null, options));
  }

  /** An ONNX model from bytes already in memory (a verified bundle's file). */
  public static Model load(byte[] onnx, String name, OnnxRuntimeSettings settings)
      throws IOException, MalformedModelException {
    return load(
        name, settings, (model, options) -> model.load(new ByteArrayInputStream(onnx), options));
  }

  private interface Loader {
    void load(Model model, Map<String, ?> options) throws IOException, MalformedModelException;
  }

  private static Model load(String name, OnnxRuntimeSettings settings, Loader loader)
      throws IOException, MalformedModelException {
    engine();
    Device device =
        settings.provider() == OnnxRuntimeSettings.Provider.CPU
            ? Device.cpu()
            : Device.gpu(settings.gpu());
    Model model = Model.newInstance(name, device, ENGINE);
    try {
      loader.load(model, Map.of("sessionOptions", sessionOptions(settings)));
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * {@code file}, exported by {@code export} unless already there (exported files are immutable:
   * name them by what they were made from), loaded on ONNX Runtime.
   */
  public static Model exportedOnce(
      Path file, Supplier<ModelProto> export, String name, OnnxRuntimeSettings settings)
      throws IOException, MalformedModelException {
    if (!Files.isRegularFile(file)) {
      // Parallel operators may export at once: each writes its own file and moves it into place.
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      OnnxExport.write(export.get(), tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return load(file, name, settings);
  }

  static OrtSession.SessionOptions sessionOptions(OnnxRuntimeSettings settings) {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(1);
      switch (settings.provider()) {
        case CPU -> {}
        case CUDA -> options.addCUDA(settings.gpu());
        case TENSORRT -> {
          OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(settings.gpu());
          if (settings.tensorRtCache() != null) {
            Files.createDirectories(Path.of(settings.tensorRtCache()));
            trt.add("trt_engine_cache_enable", "1");
            trt.add("trt_engine_cache_path", settings.tensorRtCache());
          }
          trt.add("trt_fp16_enable", settings.tensorRtFp16() ? "1" : "0");
          options.addTensorrt(trt);
          options.addCUDA(settings.gpu()); // what TensorRT cannot run falls back to CUDA, not CPU
        }
      }
      return options;
    } catch (OrtException | IOException e) {
      options.close();
      throw new IllegalStateException(
          "ONNX Runtime cannot use "
              + settings.provider()
              + " ("
              + e.getMessage()
              + "). The ONNX Runtime on Maven Central's onnxruntime artifact is CPU-only: for cuda"
              + " and tensorrt put com.microsoft.onnxruntime:onnxruntime_gpu:"
              + engine().getVersion()
              + " in its place and install CUDA 12, cuDNN 9 and (for tensorrt) TensorRT 10 on the"
              + " host; see the README's Engines section.",
          e);
    }
  }
}
