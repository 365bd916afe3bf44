package io.emostream.bench;

import ai.djl.Device;
import io.emostream.model.data.ClipSplit;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.retrain.ModeSelection;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.LabelMode;
import io.emostream.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The honest comparison of label modes: every mode trained on the same split with the same budget
 * and the same seeds, evaluated on the same held-out clips; reported as mean ± sample std over
 * seeds.
 */
public final class LabelModeComparison {
  private LabelModeComparison() {}

  /** One training run's held-out figures. */
  public record Result(
      LabelMode mode, long seed, Evaluation evaluation, double seconds, double mixShare) {}

  public static List<Result> run(
      ClipSplit data,
      TrainingOptions base,
      List<LabelMode> modes,
      List<Long> seeds,
      Device[] devices,
      ModeSelection selection,
      Consumer<String> log)
      throws Exception {
    List<Result> results = new ArrayList<>();
    for (long seed : seeds) {
      for (LabelMode mode : modes) {
        long start = System.nanoTime();
        TrainingOptions options = base.toBuilder().mode(mode).seed(seed).build();
        String chosen = "";
        if (mode == LabelMode.AUTO) { // the selection's cost is part of AUTO's time
          LabelMode winner =
              selection
                  .choose(options, data.train(), devices, line -> log.accept("  " + line))
                  .mode();
          options = options.toBuilder().mode(winner).build();
          chosen = " -> " + winner;
        }
        try (ClipTrainer trainer =
            new ClipTrainer(options, data.train().frames(), data.train().frameSize(), devices)) {
          ClipTrainer.TrainingRun run = trainer.fit(data.train(), null, null, null, s -> {});
          Evaluation e = trainer.evaluate(data.heldOut());
          Result r = new Result(mode, seed, e, (System.nanoTime() - start) / 1e9, run.mixShare());
          results.add(r);
          log.accept(
              String.format(
                  Locale.ROOT,
                  "%-5s seed %d: WAR %.4f UAR %.4f KL %.4f ECE %.4f (%.0f s)",
                  mode + chosen,
                  seed,
                  e.war(),
                  e.uar(),
                  e.meanKl(),
                  e.ece(),
                  r.seconds()));
        }
      }
    }
    return results;
  }

  /** Markdown table: mode | WAR | UAR | KL | ECE, mean ± std over seeds, in percent for WAR/UAR. */
  public static String table(List<Result> results, List<LabelMode> modes) {
    StringBuilder t =
        new StringBuilder(
            "| mode | WAR % | UAR % | KL(target‖pred) | ECE | vote ECE | runs |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for (LabelMode mode : modes) {
      List<Evaluation> es =
          results.stream().filter(r -> r.mode() == mode).map(Result::evaluation).toList();
      if (es.isEmpty()) {
        continue;
      }
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %d |%n",
              mode,
              stat(es, e -> 100 * e.war(), 1),
              stat(es, e -> 100 * e.uar(), 1),
              stat(es, Evaluation::meanKl, 3),
              stat(es, Evaluation::ece, 3),
              stat(es, Evaluation::voteEce, 3),
              es.size()));
    }
    return t.toString();
  }

  private static String stat(List<Evaluation> es, ToDoubleFunction<Evaluation> f, int decimals) {
    double[] v = es.stream().mapToDouble(f).toArray();
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean);
    }
    double std = v.length > 1 ? Math.sqrt(var / (v.length - 1)) : 0;
    return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", mean, std);
  }
}
