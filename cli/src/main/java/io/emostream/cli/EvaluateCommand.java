package io.emostream.cli;

import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.scoring.ModelSource;
import io.emostream.jobs.training.TrainingInputs;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.data.ClipSplit;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.progress.ConsoleProgressBar;
import io.emostream.model.report.ReportWriter;
import io.emostream.model.retrain.Retraining;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream evaluate}: a bundle's held-out metrics, report and confusion plot. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates a model bundle (default: the built-in model) on the held-out clips of a dataset, on the scoring job's engine: WAR, UAR, per-class recall, confusion, KL, majority agreement, ECE.",
    footer = {
      "",
      "Example:  bin/emostream evaluate --data var/synth --bundle var/models/emostream-temporal-20261128-101500 --report var/eval"
    })
final class EvaluateCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;
  @Mixin TrainingFlags flags;
  @Mixin EngineFlags engine;
  @Spec CommandSpec spec;

  @Option(
      names = "--bundle",
      paramLabel = "DIR",
      description = "Model bundle to evaluate (default: built-in).")
  Path bundle;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "Write report.json and confusion.png here.")
  Path report;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    ModelBundle b = bundle == null ? ModelBundle.builtIn() : ModelBundle.open(bundle);
    ClipSplit data = TrainingInputs.load(conf, ConsoleProgressBar.onStderr());
    Evaluation e =
        Retraining.evaluate(
            b,
            data.heldOut(),
            DjlEngine.devices(conf.get(TrainingSettings.DEVICES))[0],
            conf.get(TrainingSettings.EVALUATION_BATCH_SIZE),
            ModelSource.engine(conf).withThreads(Runtime.getRuntime().availableProcessors()));
    System.out.printf(
        "%s on %d held-out clips (%s): %s%n",
        b.manifest().version(), e.clips(), conf.get(ScoringOptions.MODEL_ENGINE), e.summary());
    if (report != null) {
      System.out.println(
          "report: "
              + ReportWriter.write(
                  report, b.manifest().version(), e, null, Map.of("bundle", b.location())));
    }
    return 0;
  }
}
