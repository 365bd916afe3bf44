package io.emostream.model.onnx;

import java.io.Serializable;
import java.util.Locale;

/**
 * How ONNX Runtime runs a model: where (execution provider and GPU), with how many threads, and the
 * TensorRT engine cache and precision.
 *
 * @param provider CPU, CUDA or TENSORRT
 * @param gpu the GPU index for CUDA and TensorRT
 * @param intraOpThreads threads inside one operator (the task-slot rule: 1 per slot in a job)
 * @param tensorRtCache where TensorRT keeps built engines (building one takes minutes; keep it on a
 *     persistent volume); null: no cache
 * @param tensorRtFp16 let TensorRT run layers in fp16
 */
public record OnnxRuntimeSettings(
    Provider provider, int gpu, int intraOpThreads, String tensorRtCache, boolean tensorRtFp16)
    implements Serializable {

  /** ONNX Runtime execution providers EmoStream configures. */
  public enum Provider {
    CPU,
    CUDA,
    TENSORRT;

    public static Provider parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown ONNX Runtime execution provider '" + name + "': use cpu, cuda or tensorrt", e);
      }
    }
  }

  public OnnxRuntimeSettings {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1: " + intraOpThreads);
    }
  }

  /** The same settings with {@code threads} intra-op threads. */
  public OnnxRuntimeSettings withThreads(int threads) {
    return new OnnxRuntimeSettings(provider, gpu, threads, tensorRtCache, tensorRtFp16);
  }

  public static OnnxRuntimeSettings cpu(int threads) {
    return new OnnxRuntimeSettings(Provider.CPU, 0, threads, null, false);
  }
}
