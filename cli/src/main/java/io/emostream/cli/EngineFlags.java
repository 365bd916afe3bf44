package io.emostream.cli;

import picocli.CommandLine.Option;

/** The model engine, as flags tied to the scoring job's settings (so a config file applies too). */
final class EngineFlags {
  @Option(
      names = "--engine",
      paramLabel = "E",
      descriptionKey = "scoring.model.engine",
      description = "ONNXRUNTIME or PYTORCH (default ${DEFAULT-VALUE}).")
  String engine;

  @Option(
      names = "--onnx-provider",
      paramLabel = "P",
      descriptionKey = "scoring.model.onnx.provider",
      description =
          "ONNX Runtime execution provider: cpu, cuda or tensorrt (default ${DEFAULT-VALUE}).")
  String provider;
}
