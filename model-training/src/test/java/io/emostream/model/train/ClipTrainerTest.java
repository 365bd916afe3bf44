package io.emostream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.emostream.model.bundle.ClipModel;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipFrames;
import io.emostream.model.data.DfewDataset;
import io.emostream.model.image.RgbImage;
import io.emostream.model.synth.SyntheticExpressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny real training runs on the PyTorch engine: 4 frames at 32×32, a couple of epochs. */
class ClipTrainerTest {
  static final int FRAMES = 4;
  static final int SIZE = 32;
  @TempDir static Path data;
  static ClipDataset train;
  static ClipDataset test;

  @BeforeAll
  static void synthesise() throws Exception {
    SyntheticExpressions.write(
        new SyntheticExpressions.Spec(30, FRAMES, 48, 0.6, 10, 5), data, null);
    train = DfewDataset.read(data, 1, DfewDataset.Split.TRAIN, FRAMES, SIZE, null);
    test = DfewDataset.read(data, 1, DfewDataset.Split.TEST, FRAMES, SIZE, null);
  }

  static TrainingOptions tiny(LabelMode mode) {
    return TrainingOptions.builder()
        .epochs(2)
        .batchSize(8)
        .learningRate(2e-3)
        .weightDecay(0.01)
        .warmupEpochs(0.5)
        .clipGradient(1.0)
        .freezeEncoderEpochs(1)
        .hidden(16)
        .dropout(0.1)
        .mode(mode)
        .alpha(0.8)
        .mixProbability(1.0)
        .maxShift(2)
        .flip(true)
        .seed(3)
        .build();
  }

  @Test
  void trainsAndWritesABundleThatScoresLikeTheTrainer(@TempDir Path out) throws Exception {
    try (ClipTrainer trainer =
        new ClipTrainer(tiny(LabelMode.MIDAS), FRAMES, SIZE, new Device[] {Device.cpu()})) {
      List<EpochStats> seen = new ArrayList<>();
      ClipTrainer.TrainingRun run = trainer.fit(train, test, null, null, seen::add);

      assertThat(seen).hasSize(2);
      assertThat(seen.get(0).encoderFrozen()).isTrue();
      assertThat(seen.get(1).encoderFrozen()).isFalse();
      assertThat(seen).allSatisfy(s -> assertThat(s.trainLoss()).isFinite().isPositive());
      assertThat(run.mixSeconds()).isPositive().isLessThan(run.stepSeconds());
      assertThat(run.evaluation().clips()).isEqualTo(test.size());

      ModelBundle bundle =
          trainer.writeBundle(out.resolve("v1"), "test-v1", run.evaluation().summary(), "parent");
      List<float[]> direct = trainer.predict(test);
      try (ClipModel loaded = ClipModels.load(ModelBundle.open(out.resolve("v1")), Device.cpu())) {
        assertThat(loaded).isInstanceOf(FrameEncodingClipModel.class);
        assertThat(loaded.version()).isEqualTo("test-v1");
        assertThat(bundle.manifest().parentVersion()).isEqualTo("parent");
        List<List<RgbImage>> clips =
            test.clips().stream().map(c -> ClipFrames.images(c, SIZE)).toList();
        List<float[]> served = loaded.predict(clips);
        for (int i = 0; i < direct.size(); i++) {
          assertThat(served.get(i)).containsExactly(direct.get(i), Offset.offset(1e-4f));
        }
      }
    }
  }

  @Test
  void sameSeedSameModel() throws Exception {
    assertThat(
            trainAndPredict(tiny(LabelMode.MIDAS).toBuilder().epochs(1).build())
                .toArray(float[][]::new))
        .isDeepEqualTo(
            trainAndPredict(tiny(LabelMode.MIDAS).toBuilder().epochs(1).build())
                .toArray(float[][]::new));
  }

  @Test
  void resumesFromACheckpointAndRefusesOneMadeWithOtherOptions(@TempDir Path checkpoints)
      throws Exception {
    TrainingOptions options = tiny(LabelMode.SOFT);
    try (ClipTrainer first =
        new ClipTrainer(
            options.toBuilder().epochs(1).build(), FRAMES, SIZE, new Device[] {Device.cpu()})) {
      first.fit(train, null, checkpoints, null, s -> {});
    }
    assertThat(Files.exists(checkpoints.resolve(Checkpoint.STATE))).isTrue();
    try (ClipTrainer other = new ClipTrainer(options, FRAMES, SIZE, new Device[] {Device.cpu()})) {
      assertThatThrownBy(() -> other.fit(train, null, checkpoints, null, s -> {}))
          .hasMessageContaining("other training options");
    }
  }

  @Test
  void resumedRunContinuesAfterTheLastEpoch(@TempDir Path checkpoints) throws Exception {
    TrainingOptions options = tiny(LabelMode.HARD);
    try (ClipTrainer first = new ClipTrainer(options, FRAMES, SIZE, new Device[] {Device.cpu()})) {
      first.fit(train, null, checkpoints, null, s -> {});
    }
    List<EpochStats> resumed = new ArrayList<>();
    try (ClipTrainer again = new ClipTrainer(options, FRAMES, SIZE, new Device[] {Device.cpu()})) {
      ClipTrainer.TrainingRun run = again.fit(train, null, checkpoints, null, resumed::add);
      assertThat(resumed).isEmpty(); // both epochs were done
      assertThat(run.history()).extracting(EpochStats::epoch).containsExactly(1, 2);
    }
  }

  private static List<float[]> trainAndPredict(TrainingOptions options) throws Exception {
    try (ClipTrainer trainer =
        new ClipTrainer(options, FRAMES, SIZE, new Device[] {Device.cpu()})) {
      trainer.fit(train, null, null, null, s -> {});
      return trainer.predict(test);
    }
  }
}
