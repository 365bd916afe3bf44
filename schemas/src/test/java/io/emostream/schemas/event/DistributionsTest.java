package io.emostream.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionsTest {

  @Test
  void keepsTheDocumentedClassOrder() {
    float[] p = {0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.79f};
    ExpressionDistribution d = Distributions.of(p);

    assertThat(d.getNeutral()).isEqualTo(0.01f);
    assertThat(d.getFear()).isEqualTo(0.05f);
    assertThat(d.getSurprise()).isEqualTo(0.79f);
    assertThat(Distributions.toArray(d)).containsExactly(p);
    assertThat(Distributions.top(p)).isEqualTo(Expression.SURPRISE);
  }

  @Test
  void entropyIsZeroForCertaintyAndOneForUniform() {
    assertThat(Distributions.normalisedEntropy(new float[] {0, 1, 0, 0, 0, 0, 0})).isEqualTo(0f);
    float u = 1f / 7;
    assertThat(Distributions.normalisedEntropy(new float[] {u, u, u, u, u, u, u}))
        .isCloseTo(1f, within(1e-6f));
    assertThat(Distributions.normalisedEntropy(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0}))
        .isCloseTo((float) (Math.log(2) / Math.log(7)), within(1e-6f));
  }

  @Test
  void rejectsTheWrongNumberOfClasses() {
    assertThatThrownBy(() -> Distributions.of(new float[6]))
        .hasMessage("expected 7 probabilities, got 6");
  }
}
