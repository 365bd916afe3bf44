package io.emostream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.emostream.model.DjlEngine;
import io.emostream.model.data.Clip;
import io.emostream.model.nn.TemporalClipNet;
import java.util.Arrays;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class MidasTest {

  @Test
  void mixesFrameByFrameAtTheSameTimeIndexAndLabelsWithTheSameLambda() {
    DjlEngine.pytorch();
    try (NDManager m = NDManager.newBaseManager(DjlEngine.NAME)) {
      // 2 clips, 3 frames, 1x1 pixel, 1 channel: clip 0 frames are 1,2,3; clip 1 frames are
      // 10,20,30
      NDArray clips = m.create(new float[] {1, 2, 3, 10, 20, 30}, new Shape(2, 3, 1, 1, 1));
      NDArray targets =
          m.create(new float[] {1, 0, 0, 0, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 0, 0}, new Shape(2, 7));
      MixPlan plan = new MixPlan(new int[] {1, 0}, new float[] {0.25f, 1f});

      NDList mixed = Midas.mix(clips, targets, plan);

      assertThat(mixed.get(0).toFloatArray())
          .containsExactly(
              new float[] {
                0.25f * 1 + 0.75f * 10, 0.25f * 2 + 0.75f * 20, 0.25f * 3 + 0.75f * 30, 10, 20, 30
              },
              offset(1e-5f));
      assertThat(mixed.get(1).toFloatArray())
          .containsExactly(
              new float[] {
                0.25f * 1 + 0.75f * 0.5f, 0.75f * 0.5f, 0, 0, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 0, 0
              },
              offset(1e-6f));
    }
  }

  @Test
  void mixedSoftLabelsStayDistributions() {
    DjlEngine.pytorch();
    try (NDManager m = NDManager.newBaseManager(DjlEngine.NAME)) {
      NDArray targets = m.randomUniform(0, 1, new Shape(16, 7));
      targets = targets.div(targets.sum(new int[] {1}, true));
      NDArray clips = m.zeros(new Shape(16, 2, 2, 2, 3));
      MixPlan plan = MixPlan.draw(16, 0.8, 1.0, RandomSource.SPLIT_MIX_64.create(1));
      float[] sums = Midas.mix(clips, targets, plan).get(1).sum(new int[] {1}).toFloatArray();
      for (float s : sums) {
        assertThat(s).isCloseTo(1f, offset(1e-5f));
      }
    }
  }

  @Test
  void lambdaFollowsBetaAlphaAlphaAndPlansAreReproducible() {
    MixPlan a = MixPlan.draw(20_000, 0.8, 1.0, RandomSource.SPLIT_MIX_64.create(9));
    MixPlan b = MixPlan.draw(20_000, 0.8, 1.0, RandomSource.SPLIT_MIX_64.create(9));
    assertThat(a.lambda()).containsExactly(b.lambda());
    assertThat(a.partner()).containsExactly(b.partner());
    double mean = 0;
    double var = 0;
    for (float l : a.lambda()) {
      mean += l;
    }
    mean /= a.lambda().length;
    for (float l : a.lambda()) {
      var += (l - mean) * (l - mean);
    }
    var /= a.lambda().length;
    // Beta(0.8, 0.8): mean 0.5, variance 1 / (4 (2·0.8 + 1)) = 0.0962
    assertThat(mean).isCloseTo(0.5, offset(0.01));
    assertThat(var).isCloseTo(0.0962, offset(0.005));
    assertThat(a.partner()).doesNotHaveDuplicates();
  }

  @Test
  void sameLabelPairingMixesOnlyInsideAGroupAndLeavesALoneClipAlone() {
    int[] labels = {0, 0, 3, 3, 3, 5};
    MixPlan plan = MixPlan.drawWithin(labels, 0.8, 1.0, RandomSource.SPLIT_MIX_64.create(4));
    assertThat(plan.partner()).doesNotHaveDuplicates();
    for (int i = 0; i < labels.length; i++) {
      assertThat(labels[plan.partner()[i]]).as("partner of %d", i).isEqualTo(labels[i]);
    }
    assertThat(plan.partner()[5]).isEqualTo(5);
    assertThat(plan.lambda())
        .containsExactly(MixPlan.draw(6, 0.8, 1.0, RandomSource.SPLIT_MIX_64.create(4)).lambda());
  }

  @Test
  void featureSpaceMixingBlendsTheEncodersFeaturesBeforeTheHead() {
    DjlEngine.pytorch();
    try (NDManager m = NDManager.newBaseManager(DjlEngine.NAME)) {
      TemporalClipNet net = new TemporalClipNet(8, 0f);
      net.initialize(m, DataType.FLOAT32, new Shape(2, 2, 32, 32, 3));
      NDArray clips = m.randomUniform(-1, 1, new Shape(2, 2, 32, 32, 3));
      ParameterStore ps = new ParameterStore(m, false);
      float[] plain = net.forward(ps, new NDList(clips), true).singletonOrThrow().toFloatArray();
      NDArray swap = m.create(new long[] {1, 0});

      float[] kept =
          net.forward(ps, new NDList(clips, swap, m.create(new float[] {1f, 1f})), true)
              .singletonOrThrow()
              .toFloatArray();
      float[] taken =
          net.forward(ps, new NDList(clips, swap, m.create(new float[] {0f, 1f})), true)
              .singletonOrThrow()
              .toFloatArray();

      assertThat(kept).containsExactly(plain, offset(1e-5f));
      // λ = 0: clip 0 is scored on clip 1's features; clip 1 is left as it was
      assertThat(Arrays.copyOfRange(taken, 0, 7))
          .containsExactly(Arrays.copyOfRange(plain, 7, 14), offset(1e-5f));
      assertThat(Arrays.copyOfRange(taken, 7, 14))
          .containsExactly(Arrays.copyOfRange(plain, 7, 14), offset(1e-5f));
      // not in inference: the extra inputs are ignored
      float[] inference =
          net.forward(ps, new NDList(clips, swap, m.create(new float[] {0f, 1f})), false)
              .singletonOrThrow()
              .toFloatArray();
      assertThat(inference).containsExactly(plain, offset(1e-5f));
    }
  }

  @Test
  void probabilityZeroMixesNothing() {
    MixPlan plan = MixPlan.draw(50, 0.8, 0.0, RandomSource.SPLIT_MIX_64.create(2));
    for (float l : plan.lambda()) {
      assertThat(l).isEqualTo(1f);
    }
  }

  @Test
  void labelModesMakeTheRightTargets() {
    var clip =
        new Clip("c", new byte[][] {{0, 0, 0}}, new float[] {0.2f, 0.5f, 0.3f, 0, 0, 0, 0}, 1);
    assertThat(LabelMode.HARD.target(clip)).containsExactly(0, 1, 0, 0, 0, 0, 0);
    assertThat(LabelMode.MIXUP.target(clip)).containsExactly(0, 1, 0, 0, 0, 0, 0);
    assertThat(LabelMode.SOFT.target(clip)).containsExactly(0.2f, 0.5f, 0.3f, 0, 0, 0, 0);
    assertThat(LabelMode.MIDAS.target(clip)).containsExactly(0.2f, 0.5f, 0.3f, 0, 0, 0, 0);
    assertThat(LabelMode.MIDAS.mixes()).isTrue();
    assertThat(LabelMode.SOFT.mixes()).isFalse();
  }

  @Test
  void spatialAugmentationShiftsAndFlipsWholeFrames() {
    byte[] rgb = new byte[2 * 2 * 3];
    for (int i = 0; i < 4; i++) {
      rgb[i * 3] = (byte) (i * 10); // red channel = 0, 10 / 20, 30
    }
    float[] out = new float[12];
    SpatialAugmentation.apply(
        rgb, 2, new SpatialAugmentation.Draw(0, 0, true), new float[] {0, 0, 0}, 1f, out, 0);
    assertThat(new float[] {out[0], out[3], out[6], out[9]}).containsExactly(10, 0, 30, 20);
    SpatialAugmentation.apply(
        rgb, 2, new SpatialAugmentation.Draw(1, 0, false), new float[] {0, 0, 0}, 1f, out, 0);
    assertThat(new float[] {out[0], out[3], out[6], out[9]}).containsExactly(10, 10, 30, 30);
  }
}
