package io.emostream.model.retrain;

import ai.djl.Device;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.LabelMode;
import io.emostream.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code training.mode: AUTO}: which label mode wins on this deployment's own clips. Each candidate
 * trains with the run's options on the training clips minus a validation share (every k-th clip of
 * each class), and the best validation UAR (ties: the earlier candidate) becomes the run's mode.
 * Only training clips are used: the release gate's held-out clips stay unseen. Costs one shortened
 * training per candidate before the real one.
 *
 * @param candidates modes to try, in order of preference on ties
 * @param validationShare share of the training clips held back to compare them
 */
public record ModeSelection(List<LabelMode> candidates, double validationShare) {

  public ModeSelection {
    if (candidates.isEmpty() || candidates.contains(LabelMode.AUTO)) {
      throw new IllegalArgumentException("AUTO needs candidate label modes other than AUTO");
    }
    if (!(validationShare > 0 && validationShare < 1)) {
      throw new IllegalArgumentException(
          "the validation share must be in (0, 1), got " + validationShare);
    }
  }

  /** The winner and every candidate's validation UAR. */
  public record Choice(LabelMode mode, Map<LabelMode, Double> validationUar) {}

  public Choice choose(
      TrainingOptions options, ClipDataset train, Device[] devices, Consumer<String> log)
      throws Exception {
    ClipDataset[] parts = split(train);
    log.accept(
        String.format(
            "choosing the label mode among %s: %d training / %d validation clips",
            candidates, parts[0].size(), parts[1].size()));
    Map<LabelMode, Double> uar = new LinkedHashMap<>();
    LabelMode best = null;
    for (LabelMode mode : candidates) {
      try (ClipTrainer trainer =
          new ClipTrainer(
              options.toBuilder().mode(mode).build(), train.frames(), train.frameSize(), devices)) {
        trainer.fit(parts[0], null, null, null, s -> {});
        Evaluation e = trainer.evaluate(parts[1]);
        uar.put(mode, e.uar());
        log.accept(String.format("  %s: validation UAR %.4f, WAR %.4f", mode, e.uar(), e.war()));
        if (best == null || e.uar() > uar.get(best)) {
          best = mode;
        }
      }
    }
    log.accept("label mode chosen: " + best);
    return new Choice(best, uar);
  }

  /** Training and validation parts: every k-th clip of each class goes to validation. */
  ClipDataset[] split(ClipDataset train) {
    int every = (int) Math.max(2, Math.round(1 / validationShare));
    int[] seen = new int[train.classCounts().length];
    List<Clip> fit = new ArrayList<>();
    List<Clip> validation = new ArrayList<>();
    for (Clip c : train.clips()) {
      (seen[c.label()]++ % every == every - 1 ? validation : fit).add(c);
    }
    if (fit.isEmpty() || validation.isEmpty()) {
      throw new IllegalArgumentException(
          "too few training clips (" + train.size() + ") to choose a label mode by validation");
    }
    return new ClipDataset[] {
      new ClipDataset(train.name() + " (fit)", train.frames(), train.frameSize(), fit),
      new ClipDataset(train.name() + " (validation)", train.frames(), train.frameSize(), validation)
    };
  }
}
