package io.emostream.cli;

import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.training.ReleasePublishing;
import io.emostream.jobs.training.TrainingInputs;
import io.emostream.model.progress.ConsoleProgressBar;
import io.emostream.model.retrain.RetrainOutcome;
import io.emostream.model.retrain.Retraining;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code emostream train}: the retraining steps in this process, without Flink and without
 * announcing a release.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Trains the temporal clip model on soft-labelled clips (SOFT labels by default; MIDAS with --mode MIDAS), evaluates it and the incumbent on held-out clips, applies the release gate and writes report.json, confusion.png, training-curves.png and the bundle. Like 'retrain', but in this process, for local experiments; a gated bundle is copied to retrain.releases-dir but not announced.",
    footer = {
      "",
      "Example:  bin/emostream synth --output var/synth --clips 300 --frames 8 --size 64",
      "          bin/emostream train --data var/synth --frames 8 --size 64 --epochs 6",
      "All training.* and retrain.* settings: bin/emostream config"
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;
  @Mixin TrainingFlags flags;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    ConsoleProgressBar progress = ConsoleProgressBar.onStderr();
    RetrainOutcome trained =
        Retraining.run(
            TrainingSettings.retrainingOptions(conf),
            TrainingInputs.load(conf, progress),
            progress,
            System.out::println,
            epoch -> {});
    RetrainOutcome outcome = ReleasePublishing.publish(trained, conf);
    System.out.printf(
        "candidate: %s%nincumbent %s: %s%nreport: %s%n",
        outcome.metrics, outcome.incumbentVersion, outcome.incumbentMetrics, outcome.reportDir);
    return 0;
  }
}
