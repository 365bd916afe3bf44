package io.emostream.jobs.training;

import ai.djl.Device;
import ai.djl.util.Progress;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.ClipModel;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipFrames;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.eval.ReleaseGate;
import io.emostream.model.report.ReportWriter;
import io.emostream.model.image.RgbImage;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;

/**
 * The learning step shared by the Flink retraining job and the {@code train} command: train a
 * candidate on the training clips, evaluate the candidate's bundle and the incumbent on the same
 * held-out clips, apply the {@link ReleaseGate}, write report and plots, and copy a released bundle
 * (with its metrics) to the releases folder.
 */
public final class Retraining {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Retraining() {}

  public static RetrainOutcome run(Configuration conf, TrainingInputs.Split data, Progress progress, Consumer<String> log) throws Exception {
    TrainingOptions options = TrainingSettings.trainingOptions(conf);
    Instant now = Instant.now();
    String version = conf.get(TrainingSettings.VERSION_PREFIX) + "-" + STAMP.format(now);
    Path runDir = Path.of(conf.get(TrainingSettings.OUTPUT)).resolve(version);
    Device[] devices = DjlEngine.devices(conf.get(TrainingSettings.DEVICES));
    log.accept(String.format("training %s: %d clips (%d held out), mode %s, %d epochs on %s", version, data.train().size(),
        data.heldOut().size(), options.mode(), options.epochs(), java.util.Arrays.toString(devices)));

    ModelBundle incumbentBundle = conf.getOptional(TrainingSettings.INCUMBENT).map(p -> {
      try {
        return ModelBundle.open(Path.of(p));
      } catch (Exception e) {
        throw new IllegalArgumentException("retrain.incumbent: " + e.getMessage(), e);
      }
    }).orElseGet(ModelBundle::builtIn);

    RetrainOutcome outcome = new RetrainOutcome();
    outcome.version = version;
    outcome.architecture = ClipModels.TEMPORAL_CLIP;
    outcome.createdMillis = now.toEpochMilli();
    outcome.reportDir = runDir.toString();
    outcome.incumbentVersion = incumbentBundle.manifest().version();
    try (ClipTrainer trainer = new ClipTrainer(options, data.train().frames(), data.train().frameSize(), devices)) {
      Path checkpoints = conf.getOptional(TrainingSettings.CHECKPOINTS).map(Path::of).orElse(null);
      ClipTrainer.TrainingRun run = trainer.fit(data.train(), data.heldOut(), checkpoints, progress, s -> log.accept(String.format(
          "epoch %d: loss %.4f, %.1f clips/s, held-out WAR %.4f UAR %.4f", s.epoch(), s.trainLoss(), s.clipsPerSecond(), s.validationWar(),
          s.validationUar())));
      // Evaluate the bundle as the scoring job will load it, not the trainer's in-memory network.
      Evaluation candidate = evaluate(trainer.writeBundle(runDir.resolve("candidate"), version, Map.of(), outcome.incumbentVersion),
          data.heldOut(), devices[0]);
      Evaluation incumbent = evaluate(incumbentBundle, data.heldOut(), devices[0]);
      ReleaseGate.Decision decision = new ReleaseGate(conf.get(TrainingSettings.MIN_UAR_GAIN), conf.get(TrainingSettings.MAX_WAR_DROP))
          .decide(candidate, incumbent);
      outcome.metrics = candidate.summary();
      outcome.incumbentMetrics = incumbent.summary();
      outcome.reason = decision.reason();
      outcome.released = decision.release();
      if (decision.release()) {
        Path releaseDir = Path.of(conf.get(TrainingSettings.RELEASES_DIR)).resolve(version).toAbsolutePath();
        ModelBundle released = trainer.writeBundle(releaseDir, version, candidate.summary(), outcome.incumbentVersion);
        outcome.bundleUri = releaseDir.toUri().toString();
        outcome.sha256 = released.manifestSha256();
      }
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("version", version);
      context.put("mode", options.mode().name());
      context.put("options", options);
      context.put("train_clips", data.train().size());
      context.put("held_out_clips", data.heldOut().size());
      context.put("class_counts_train", data.train().classCounts());
      context.put("incumbent", Map.of("version", outcome.incumbentVersion, "metrics", incumbent.summary()));
      context.put("gate", Map.of("released", decision.release(), "reason", decision.reason()));
      context.put("timing", Map.of("steps", run.steps(), "step_seconds", run.stepSeconds(), "mix_seconds", run.mixSeconds(),
          "mix_share", run.mixShare()));
      if (outcome.released) {
        context.put("bundle", outcome.bundleUri);
      }
      ReportWriter.write(runDir, version, candidate, run.history(), context);
    }
    log.accept(outcome.toString());
    return outcome;
  }

  /** Any bundle's model on held-out clips, through the same {@link ClipModel} interface the scoring job uses. */
  public static Evaluation evaluate(ModelBundle bundle, ClipDataset data, Device device) throws Exception {
    List<float[]> predictions = new ArrayList<>(data.size());
    try (ClipModel model = ClipModels.load(bundle, device)) {
      int batch = 8;
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
