package io.emostream.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.model.data.Clip;
import org.junit.jupiter.api.Test;

/** Targets: hard modes train on the label evaluation scores against. */
class LabelModeTest {
  // 5 of 10 votes neutral, 5 happy: the vote arg-max would say neutral (lower index); the
  // dataset's label (its tie rule, e.g. the true mixture) says happy.
  private static final Clip TIED =
      new Clip("tied", new byte[][] {{0}}, new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0}, 1);

  @Test
  void hardTargetsAreTheClipsSingleLabel() {
    assertThat(LabelMode.HARD.target(TIED)).containsExactly(0, 1, 0, 0, 0, 0, 0);
    assertThat(LabelMode.MIXUP.target(TIED)).containsExactly(0, 1, 0, 0, 0, 0, 0);
  }

  @Test
  void softTargetsAreTheVoteFractions() {
    assertThat(LabelMode.SOFT.target(TIED)).containsExactly(0.5f, 0.5f, 0, 0, 0, 0, 0);
    assertThat(LabelMode.MIDAS.target(TIED)).containsExactly(0.5f, 0.5f, 0, 0, 0, 0, 0);
  }
}
