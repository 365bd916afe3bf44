package io.emostream.cli;

import picocli.CommandLine.Option;

/**
 * The training settings most often changed, as flags; every other one via -D or the config file.
 */
final class TrainingFlags {
  @Option(
      names = "--data",
      paramLabel = "PATH",
      descriptionKey = "training.data",
      description = "Dataset directory (DFEW or FERV39k layout) or LabelledClip *.avro files.")
  String data;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      descriptionKey = "training.mode",
      description = "SOFT, MIDAS, MIXUP, HARD or AUTO (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      descriptionKey = "training.epochs",
      description = "Epochs (default ${DEFAULT-VALUE}).")
  Integer epochs;

  @Option(
      names = "--frames",
      paramLabel = "T",
      descriptionKey = "training.frames",
      description = "Frames per clip (default ${DEFAULT-VALUE}).")
  Integer frames;

  @Option(
      names = "--size",
      paramLabel = "PX",
      descriptionKey = "training.size",
      description = "Frame side (default ${DEFAULT-VALUE}).")
  Integer size;

  @Option(
      names = "--seed",
      paramLabel = "N",
      descriptionKey = "training.seed",
      description = "Seed (default ${DEFAULT-VALUE}).")
  Long seed;

  @Option(
      names = "--devices",
      paramLabel = "D",
      descriptionKey = "training.devices",
      description = "cpu, gpu:N, gpu:0,gpu:1 or gpus (default ${DEFAULT-VALUE}).")
  String devices;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      descriptionKey = "training.output",
      description = "Reports, plots and candidate bundles (default ${DEFAULT-VALUE}).")
  String output;
}
