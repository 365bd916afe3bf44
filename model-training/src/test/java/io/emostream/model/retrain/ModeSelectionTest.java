package io.emostream.model.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.DfewDataset;
import io.emostream.model.synth.SyntheticExpressions;
import io.emostream.model.train.ClipTrainer;
import io.emostream.model.train.LabelMode;
import io.emostream.model.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.mode: AUTO} on tiny real training runs. */
class ModeSelectionTest {
  @TempDir Path data;

  @Test
  void picksTheCandidateWithTheBestValidationUarFromTrainingClipsOnly() throws Exception {
    SyntheticExpressions.write(new SyntheticExpressions.Spec(40, 2, 32, 0.6, 10, 5), data, null);
    ClipDataset train = DfewDataset.read(data, 1, DfewDataset.Split.TRAIN, 2, 32, null);
    ModeSelection selection = new ModeSelection(List.of(LabelMode.SOFT, LabelMode.HARD), 0.25);

    ClipDataset[] parts = selection.split(train);
    Set<String> fit = ids(parts[0]);
    Set<String> validation = ids(parts[1]);
    assertThat(fit).doesNotContainAnyElementsOf(validation);
    assertThat(fit.size() + validation.size()).isEqualTo(train.size());
    assertThat(validation.size()).isBetween(train.size() / 6, train.size() / 3);

    List<String> log = new ArrayList<>();
    ModeSelection.Choice choice =
        selection.choose(
            TrainingOptions.builder().epochs(1).batchSize(8).hidden(8).seed(2).build(),
            train,
            new Device[] {Device.cpu()},
            log::add);

    assertThat(choice.validationUar()).containsOnlyKeys(LabelMode.SOFT, LabelMode.HARD);
    double soft = choice.validationUar().get(LabelMode.SOFT);
    double hard = choice.validationUar().get(LabelMode.HARD);
    assertThat(choice.mode()).isEqualTo(hard > soft ? LabelMode.HARD : LabelMode.SOFT);
    assertThat(log).last().asString().isEqualTo("label mode chosen: " + choice.mode());
  }

  @Test
  void autoIsResolvedBeforeTrainingAndNeverACandidate() {
    assertThatThrownBy(() -> new ModeSelection(List.of(LabelMode.AUTO), 0.2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ClipTrainer(
                    TrainingOptions.builder().mode(LabelMode.AUTO).build(),
                    2,
                    32,
                    new Device[] {Device.cpu()}))
        .hasMessageContaining("resolved by ModeSelection");
  }

  private static Set<String> ids(ClipDataset d) {
    Set<String> ids = new HashSet<>();
    for (Clip c : d.clips()) {
      ids.add(c.id());
    }
    return ids;
  }
}
