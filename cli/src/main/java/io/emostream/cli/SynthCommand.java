package io.emostream.cli;

import io.emostream.model.data.ExpressionClasses;
import io.emostream.model.progress.ConsoleProgressBar;
import io.emostream.model.synth.SyntheticExpressions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code emostream synth}: writes the synthetic ambiguous-expression benchmark in DFEW's layout.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description =
        "Writes a synthetic benchmark of ambiguous dynamic expressions in DFEW's layout (5 folds, 10 simulated annotators' votes). Each clip's expression is a known time-varying mixture of 2-3 prototype faces, with pose, scale, lighting and noise nuisance.",
    footer = {
      "",
      "Example:  bin/emostream synth --output var/synth --clips 500 --ambiguity 0.8",
      "          bin/emostream train --data var/synth --mode MIDAS"
    })
final class SynthCommand implements Callable<Integer> {
  @Option(
      names = "--output",
      paramLabel = "DIR",
      required = true,
      description = "Dataset directory to write.")
  Path output;

  @Option(
      names = "--clips",
      paramLabel = "N",
      defaultValue = "500",
      description = "Clips (default ${DEFAULT-VALUE}).")
  int clips;

  @Option(
      names = "--frames",
      paramLabel = "T",
      defaultValue = "16",
      description = "Frames per clip (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--size",
      paramLabel = "PX",
      defaultValue = "112",
      description = "Frame side in pixels (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--ambiguity",
      paramLabel = "A",
      defaultValue = "0.8",
      description =
          "0: every clip shows one expression; 1: the main expression holds only 30-70 %% of the mixture (default ${DEFAULT-VALUE}).")
  double ambiguity;

  @Option(
      names = "--annotators",
      paramLabel = "N",
      defaultValue = "10",
      description = "Simulated annotators per clip (default ${DEFAULT-VALUE}).")
  int annotators;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--style",
      paramLabel = "S",
      defaultValue = "parameters",
      description = {
        "How ambiguity shows (default ${DEFAULT-VALUE}): parameters (one face, blended facial"
            + " actions), pixel-blend (pure-expression renders with the same pose and lighting,"
            + " blended pixel by pixel: the MIDAS control), dynamic (parameters, plus onset from"
            + " neutral, non-target frames and partial occlusion, like real video)."
      })
  String style;

  @Spec CommandSpec commandSpec;

  private SyntheticExpressions.Style style() {
    try {
      return SyntheticExpressions.Style.valueOf(style.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "--style must be parameters, pixel-blend or dynamic, got '" + style + "'");
    }
  }

  @Override
  public Integer call() throws Exception {
    var spec =
        new SyntheticExpressions.Spec(clips, frames, size, ambiguity, annotators, seed, style());
    var generated = SyntheticExpressions.write(spec, output, ConsoleProgressBar.onStderr());
    int[] counts = new int[7];
    generated.forEach(c -> counts[c.label()]++);
    System.out.printf(
        "wrote %d clips to %s; majority labels per class %s: %s%n",
        generated.size(), output, ExpressionClasses.NAMES, Arrays.toString(counts));
    return 0;
  }
}
