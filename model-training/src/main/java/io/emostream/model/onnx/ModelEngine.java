package io.emostream.model.onnx;

import java.util.Locale;

/** The inference engine that runs a network: DJL's PyTorch engine, or ONNX Runtime. */
public enum ModelEngine {
  PYTORCH,
  ONNXRUNTIME;

  public static ModelEngine parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown engine '" + name + "': use pytorch or onnxruntime", e);
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
