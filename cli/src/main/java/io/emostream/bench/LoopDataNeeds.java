package io.emostream.bench;

import ai.djl.Device;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipFrames;
import io.emostream.model.data.DatasetException;
import io.emostream.model.data.ExpressionClasses;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.eval.ReleaseGate;
import io.emostream.model.image.RgbImage;
import io.emostream.model.image.TrainingCrops;
import io.emostream.model.retrain.Retraining;
import io.emostream.model.synth.SyntheticExpressions;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.TrainingOptions;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How many labelled clips the collection loop needs before the gate releases a candidate over the
 * built-in model: synthetic clips made the way the loop collects them (faces cropped and JPEG'd at
 * the built-in model's 112 px by the sampler's code, 10 simulated annotators' votes), a fixed
 * held-out set, and the first n clips of a pool for each n, trained with each seed.
 */
public final class LoopDataNeeds {
  private LoopDataNeeds() {}

  /** One training run. */
  public record Result(int clips, long seed, Evaluation candidate, boolean released) {}

  /** Clips as the loop labels them, from synthetic clip {@code first} on. */
  public static List<Clip> clips(
      int first, int count, int frames, int size, double ambiguity, long dataSeed)
      throws DatasetException {
    SyntheticExpressions.Spec spec =
        new SyntheticExpressions.Spec(Integer.MAX_VALUE, frames, 96, ambiguity, 10, dataSeed);
    List<Clip> out = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      SyntheticExpressions.RenderedClip r = SyntheticExpressions.render(spec, i);
      List<byte[]> crops = new ArrayList<>();
      for (BufferedImage frame : r.frames()) {
        crops.add(TrainingCrops.jpeg(RgbImage.of(frame), 112, 0.9f));
      }
      double[] votes = Arrays.stream(r.clip().votes()).asDoubleStream().toArray();
      out.add(
          new Clip(
              r.clip().name(),
              ClipFrames.fromEncoded(crops, frames, size, "synthetic clip " + i),
              ExpressionClasses.normalise(votes),
              r.clip().label()));
    }
    return out;
  }

  public static List<Result> run(
      List<Clip> pool,
      ClipDataset heldOut,
      List<Integer> sizes,
      List<Long> seeds,
      TrainingOptions base,
      Evaluation incumbent,
      ReleaseGate gate,
      Device[] devices,
      Consumer<String> log)
      throws Exception {
    List<Result> results = new ArrayList<>();
    for (int n : sizes) {
      ClipDataset train =
          new ClipDataset("train", heldOut.frames(), heldOut.frameSize(), pool.subList(0, n));
      for (long seed : seeds) {
        try (ClipTrainer trainer =
            new ClipTrainer(
                base.toBuilder().seed(seed).build(), train.frames(), train.frameSize(), devices)) {
          trainer.fit(train, null, null, null, s -> {});
          Evaluation e = trainer.evaluate(heldOut);
          ReleaseGate.Decision d = gate.decide(e, incumbent);
          results.add(new Result(n, seed, e, d.release()));
          log.accept(String.format(Locale.ROOT, "%4d clips, seed %d: %s", n, seed, d.reason()));
        }
      }
    }
    return results;
  }

  /** Markdown: clips | candidate UAR (mean ± std) | WAR | releases / runs. */
  public static String table(List<Result> results, Evaluation incumbent) {
    StringBuilder t =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "built-in model on the same held-out clips: UAR %.1f %%, WAR %.1f %%%n%n",
                100 * incumbent.uar(),
                100 * incumbent.war()));
    t.append("| labelled clips | candidate UAR % | candidate WAR % | gate released |\n");
    t.append("| --- | --- | --- | --- |\n");
    results.stream()
        .map(Result::clips)
        .distinct()
        .forEach(
            n -> {
              List<Result> rs = results.stream().filter(r -> r.clips() == n).toList();
              t.append(
                  String.format(
                      Locale.ROOT,
                      "| %d | %s | %s | %d of %d |%n",
                      n,
                      stat(rs.stream().mapToDouble(r -> 100 * r.candidate().uar()).toArray()),
                      stat(rs.stream().mapToDouble(r -> 100 * r.candidate().war()).toArray()),
                      rs.stream().filter(Result::released).count(),
                      rs.size()));
            });
    return t.toString();
  }

  private static String stat(double[] v) {
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean);
    }
    double std = v.length > 1 ? Math.sqrt(var / (v.length - 1)) : 0;
    return String.format(Locale.ROOT, "%.1f ± %.1f", mean, std);
  }

  /** The built-in model on the held-out clips. */
  public static Evaluation builtIn(ClipDataset heldOut, Device device) throws Exception {
    return Retraining.evaluate(ModelBundle.builtIn(), heldOut, device, 16);
  }
}
