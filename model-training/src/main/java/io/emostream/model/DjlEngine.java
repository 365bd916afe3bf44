package io.emostream.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Locale;

/**
 * The PyTorch engine, always offline: the CPU natives come from Maven Central ({@code
 * pytorch-native-cpu}); DJL must never try to download anything at run time.
 */
public final class DjlEngine {
  public static final String NAME = "PyTorch";

  private static int cpuThreads;

  private DjlEngine() {}

  /**
   * Sets the width of PyTorch's intra-op CPU thread pool, for the whole process (it applies to
   * every thread that runs a model, measured). Returns whether it changed.
   */
  public static synchronized boolean setCpuThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("PyTorch CPU threads must be at least 1, got " + threads);
    }
    if (threads == cpuThreads) {
      return false;
    }
    pytorch();
    JniUtils.setNumThreads(threads);
    cpuThreads = threads;
    return true;
  }

  public static Engine pytorch() {
    System.setProperty("ai.djl.offline", "true");
    return Engine.getEngine(NAME);
  }

  /**
   * Parses {@code cpu}, {@code gpu}, {@code gpu:N} (or {@code cuda:N}) and checks that the engine
   * has that device.
   */
  public static Device device(String spec) {
    String s = spec == null ? "cpu" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return Device.cpu();
    }
    String[] parts = s.split(":");
    if (!(parts[0].equals("gpu") || parts[0].equals("cuda")) || parts.length > 2) {
      throw new IllegalArgumentException("unknown device '" + spec + "': use cpu, gpu or gpu:N");
    }
    int index;
    try {
      index = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unknown device '" + spec + "': use cpu, gpu or gpu:N", e);
    }
    int gpus = pytorch().getGpuCount();
    if (index < 0 || index >= gpus) {
      throw new IllegalArgumentException(
          "device '"
              + spec
              + "' requested, but the PyTorch engine sees "
              + gpus
              + " GPU(s). The CPU natives from Maven Central have no CUDA: put CUDA-enabled libtorch on the machine"
              + " (PYTORCH_LIBRARY_PATH) or in DJL's cache; see the README's GPU section.");
    }
    return Device.gpu(index);
  }

  /**
   * A comma-separated device list ({@code gpu:0,gpu:1}); {@code gpus} means every GPU the engine
   * sees, or the CPU if none.
   */
  public static Device[] devices(String spec) {
    String s = spec == null ? "cpu" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("gpus")) {
      int gpus = pytorch().getGpuCount();
      if (gpus == 0) {
        return new Device[] {Device.cpu()};
      }
      Device[] all = new Device[gpus];
      for (int i = 0; i < gpus; i++) {
        all[i] = Device.gpu(i);
      }
      return all;
    }
    return Arrays.stream(s.split(",")).map(DjlEngine::device).toArray(Device[]::new);
  }
}
