package io.emostream.bench;

import ai.djl.Device;
import io.emostream.model.data.ClipSplit;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.LabelMode;
import io.emostream.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Training speed with and without MIDAS: one epoch of SOFT and one of MIDAS per round, alternating,
 * on the same clips and options; MIDAS's mixing share of a step is measured by the trainer.
 */
public final class TrainingSpeed {
  /** One round's figures. */
  public record Round(double softClipsPerSecond, double midasClipsPerSecond, double mixShare) {}

  private TrainingSpeed() {}

  public static List<Round> run(
      ClipSplit data, TrainingOptions options, Device[] devices, int rounds, Consumer<Round> each)
      throws Exception {
    TrainingOptions base = options.toBuilder().epochs(1).build();
    List<Round> out = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      ClipTrainer.TrainingRun soft =
          epoch(data, base.toBuilder().mode(LabelMode.SOFT).build(), devices);
      ClipTrainer.TrainingRun midas =
          epoch(data, base.toBuilder().mode(LabelMode.MIDAS).build(), devices);
      Round round =
          new Round(
              data.train().size() / soft.stepSeconds(),
              data.train().size() / midas.stepSeconds(),
              midas.mixShare());
      out.add(round);
      each.accept(round);
    }
    return out;
  }

  private static ClipTrainer.TrainingRun epoch(
      ClipSplit data, TrainingOptions options, Device[] devices) throws Exception {
    try (ClipTrainer trainer =
        new ClipTrainer(options, data.train().frames(), data.train().frameSize(), devices)) {
      return trainer.fit(data.train(), null, null, null, s -> {});
    }
  }
}
