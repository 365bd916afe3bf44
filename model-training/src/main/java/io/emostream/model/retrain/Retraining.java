package io.emostream.model.retrain;

import ai.djl.Device;
import ai.djl.util.Progress;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.ClipModel;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipFrames;
import io.emostream.model.data.ClipSplit;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.eval.ReleaseGate;
import io.emostream.model.image.RgbImage;
import io.emostream.model.onnx.EngineChoice;
import io.emostream.model.report.ReportWriter;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.EpochStats;
import io.emostream.model.train.LabelMode;
import io.emostream.model.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The learning step shared by the Flink retraining job and the {@code train} command: train a
 * candidate on the training clips, evaluate the candidate's bundle and the incumbent on the same
 * held-out clips, apply the {@link ReleaseGate}, write report and plots, and copy a released bundle
 * (with its metrics) to the releases folder. No Flink here: the job and the command pass options,
 * clips, and where progress goes (a console bar for the command; logs and metrics in a Flink task).
 */
public final class Retraining {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Retraining() {}

  /**
   * @param progress a progress bar over each epoch's steps, or null
   * @param log one line per stage and per epoch
   * @param onEpoch each finished epoch's figures (e.g. for metrics)
   */
  public static RetrainOutcome run(
      RetrainingOptions settings,
      ClipSplit data,
      Progress progress,
      Consumer<String> log,
      Consumer<EpochStats> onEpoch)
      throws Exception {
    TrainingOptions options = settings.training();
    Instant now = Instant.now();
    String version = settings.versionPrefix() + "-" + STAMP.format(now);
    Path runDir = settings.output().resolve(version);
    Device[] devices = DjlEngine.devices(settings.devices());
    log.accept(
        String.format(
            "training %s: %d clips (%d held out), mode %s, %d epochs on %s",
            version,
            data.train().size(),
            data.heldOut().size(),
            options.mode(),
            options.epochs(),
            Arrays.toString(devices)));

    ModelBundle incumbentBundle;
    try {
      incumbentBundle =
          settings.incumbent() == null
              ? ModelBundle.builtIn()
              : ModelBundle.open(settings.incumbent());
    } catch (BundleException e) {
      throw new IllegalArgumentException("retrain.incumbent: " + e.getMessage(), e);
    }

    ModeSelection.Choice selected = null;
    if (options.mode() == LabelMode.AUTO) {
      selected = settings.modeSelection().choose(options, data.train(), devices, log);
      options = options.toBuilder().mode(selected.mode()).build();
    }

    RetrainOutcome outcome = new RetrainOutcome();
    outcome.version = version;
    outcome.architecture = ClipModels.TEMPORAL_CLIP;
    outcome.createdMillis = now.toEpochMilli();
    outcome.reportDir = runDir.toString();
    outcome.incumbentVersion = incumbentBundle.manifest().version();
    try (ClipTrainer trainer =
        new ClipTrainer(options, data.train().frames(), data.train().frameSize(), devices)) {
      ClipTrainer.TrainingRun run =
          trainer.fit(
              data.train(),
              data.heldOut(),
              settings.checkpoints(),
              progress,
              s -> {
                log.accept(
                    String.format(
                        "epoch %d: loss %.4f, %.1f clips/s, held-out WAR %.4f UAR %.4f",
                        s.epoch(),
                        s.trainLoss(),
                        s.clipsPerSecond(),
                        s.validationWar(),
                        s.validationUar()));
                onEpoch.accept(s);
              });
      // Evaluate the bundle as the scoring job will load it, not the trainer's in-memory network.
      Evaluation candidate =
          evaluate(
              trainer.writeBundle(
                  runDir.resolve("candidate"), version, Map.of(), outcome.incumbentVersion),
              data.heldOut(),
              devices[0],
              options.evaluationBatchSize());
      Evaluation incumbent =
          evaluate(incumbentBundle, data.heldOut(), devices[0], options.evaluationBatchSize());
      ReleaseGate.Decision decision = settings.gate().decide(candidate, incumbent);
      outcome.metrics = candidate.summary();
      outcome.incumbentMetrics = incumbent.summary();
      outcome.reason = decision.reason();
      outcome.released = decision.release();
      if (decision.release()) {
        Path releaseDir = settings.releasesDir().resolve(version).toAbsolutePath();
        ModelBundle released =
            trainer.writeBundle(releaseDir, version, candidate.summary(), outcome.incumbentVersion);
        outcome.bundleUri = releaseDir.toUri().toString();
        outcome.sha256 = released.manifestSha256();
      }
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("version", version);
      context.put("mode", options.mode().name());
      if (selected != null) {
        context.put(
            "mode_selection",
            Map.of(
                "candidates_validation_uar",
                selected.validationUar(),
                "validation_share",
                settings.modeSelection().validationShare()));
      }
      context.put("options", options);
      context.put("train_clips", data.train().size());
      context.put("held_out_clips", data.heldOut().size());
      context.put("class_counts_train", data.train().classCounts());
      context.put(
          "incumbent", Map.of("version", outcome.incumbentVersion, "metrics", incumbent.summary()));
      context.put("gate", Map.of("released", decision.release(), "reason", decision.reason()));
      context.put(
          "timing",
          Map.of(
              "steps",
              run.steps(),
              "step_seconds",
              run.stepSeconds(),
              "mix_seconds",
              run.mixSeconds(),
              "mix_share",
              run.mixShare()));
      if (outcome.released) {
        context.put("bundle", outcome.bundleUri);
      }
      ReportWriter.write(runDir, version, candidate, run.history(), context);
    }
    log.accept(outcome.toString());
    return outcome;
  }

  /**
   * Any bundle's model on held-out clips, through the same {@link ClipModel} interface the scoring
   * job uses.
   */
  public static Evaluation evaluate(ModelBundle bundle, ClipDataset data, Device device, int batch)
      throws Exception {
    return evaluate(bundle, data, device, batch, EngineChoice.pytorch());
  }

  /** {@link #evaluate(ModelBundle, ClipDataset, Device, int)} on the chosen engine. */
  public static Evaluation evaluate(
      ModelBundle bundle, ClipDataset data, Device device, int batch, EngineChoice engine)
      throws Exception {
    List<float[]> predictions = new ArrayList<>(data.size());
    try (ClipModel model = ClipModels.load(bundle, device, engine)) {
      for (int at = 0; at < data.size(); at += batch) {
        List<List<RgbImage>> clips = new ArrayList<>();
        for (Clip c : data.clips().subList(at, Math.min(data.size(), at + batch))) {
          clips.add(ClipFrames.images(c, data.frameSize()));
        }
        predictions.addAll(model.predict(clips));
      }
    }
    return Evaluation.of(data.clips(), predictions);
  }
}
