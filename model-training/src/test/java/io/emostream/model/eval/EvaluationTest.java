package io.emostream.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.emostream.model.data.Clip;
import io.emostream.model.data.ExpressionClasses;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  static Clip clip(int label, float[] soft) {
    return new Clip("c" + label, new byte[][] {{0, 0, 0}}, soft, label);
  }

  @Test
  void warWeighsClipsAndUarWeighsClasses() {
    // 3 neutral clips all right, 1 happy clip wrong (predicted neutral)
    List<Clip> clips =
        List.of(
            clip(0, ExpressionClasses.oneHot(0)),
            clip(0, ExpressionClasses.oneHot(0)),
            clip(0, ExpressionClasses.oneHot(0)),
            clip(1, ExpressionClasses.oneHot(1)));
    float[] neutral = {0.9f, 0.1f, 0, 0, 0, 0, 0};
    Evaluation e = Evaluation.of(clips, List.of(neutral, neutral, neutral, neutral));

    assertThat(e.war()).isEqualTo(0.75);
    assertThat(e.uar()).isEqualTo(0.5); // (1 + 0) / 2 classes present
    assertThat(e.recall()[0]).isEqualTo(1.0);
    assertThat(e.recall()[2]).isNaN();
    assertThat(e.confusion()[1][0]).isEqualTo(1);
    // KL(one-hot ‖ p) = −log p[label]
    assertThat(e.meanKl()).isCloseTo((3 * -Math.log(0.9) - Math.log(0.1)) / 4, offset(1e-6));
    // all four in the 0.9 bin: confidence 0.9, accuracy 0.75
    assertThat(e.ece()).isCloseTo(0.15, offset(1e-6));
  }

  @Test
  void perfectSoftPredictionHasZeroKl() {
    float[] soft = {0.6f, 0.4f, 0, 0, 0, 0, 0};
    Evaluation e = Evaluation.of(List.of(clip(0, soft)), List.of(soft.clone()));
    assertThat(e.meanKl()).isCloseTo(0, offset(1e-9));
    assertThat(e.majorityAgreement()).isEqualTo(1.0);
    // Saying 0.6 where 60 % of the votes agree: calibrated against the votes, not the label.
    assertThat(e.voteEce()).isCloseTo(0, offset(1e-6));
    assertThat(e.ece()).isCloseTo(0.4, offset(1e-6));
  }

  @Test
  void gateNeedsAUarGainWithinAWarBudget() {
    Evaluation incumbent =
        new Evaluation(10, 0.60, 0.40, new double[7], new int[7][7], 1, 0.6, 0.1, 0.1);
    Evaluation better =
        new Evaluation(10, 0.59, 0.45, new double[7], new int[7][7], 1, 0.6, 0.1, 0.1);
    Evaluation worseWar =
        new Evaluation(10, 0.50, 0.45, new double[7], new int[7][7], 1, 0.6, 0.1, 0.1);
    ReleaseGate gate = new ReleaseGate(0.01, 0.02);
    assertThat(gate.decide(better, incumbent).release()).isTrue();
    assertThat(gate.decide(worseWar, incumbent).reason()).startsWith("rejected: WAR");
    assertThat(gate.decide(incumbent, incumbent).reason()).startsWith("rejected: UAR");
  }
}
