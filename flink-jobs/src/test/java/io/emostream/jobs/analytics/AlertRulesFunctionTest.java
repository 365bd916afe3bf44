package io.emostream.jobs.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.schemas.event.AlertSeverity;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert rules on event-time scenarios of one call, in Flink's operator harness. */
class AlertRulesFunctionTest {
  private static final long T0 = Instant.parse("2026-11-30T10:00:00Z").toEpochMilli();
  private KeyedOneInputStreamOperatorTestHarness<String, EmotionScore, EmotionAlert> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new AlertRulesFunction(
                    AlertRule.parseAll("anger: ANGRY >= 0.5 for 30s CRITICAL"),
                    Duration.ofSeconds(20).toMillis())),
            s -> s.getCameraId() + "/" + s.getSessionId(),
            org.apache.flink.api.common.typeinfo.Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /** One clip of 1.6 s every 0.8 s (clips of 16 frames, stride 8, at 10 fps). */
  private void clips(int from, int count, Expression top) throws Exception {
    for (int i = from; i < from + count; i++) {
      long end = T0 + 1600 + 800L * i;
      float[] p = new float[7];
      p[top.ordinal()] = 1;
      EmotionScore s =
          EmotionScore.newBuilder()
              .setCameraId("desk-1")
              .setSessionId("call-7")
              .setTrackId("desk-1/t1")
              .setWindowStart(Instant.ofEpochMilli(end - 1600))
              .setWindowEnd(Instant.ofEpochMilli(end))
              .setFrameCount(16)
              .setDistribution(Distributions.of(p))
              .setTopClass(top)
              .setConfidence(1)
              .setAmbiguity(0)
              .setModelVersion("m")
              .setProcessingLatencyMillis(0)
              .build();
      harness.processElement(new StreamRecord<>(s, end));
      harness.processWatermark(end - 5_000);
    }
  }

  @Test
  void firesOnceWhenAngerHoldsHalfOfTheCallForThirtySeconds() throws Exception {
    clips(0, 20, Expression.NEUTRAL); // 16 s calm
    clips(20, 60, Expression.ANGRY); // 48 s angry
    List<EmotionAlert> alerts = harness.extractOutputValues();
    assertThat(alerts).singleElement();
    EmotionAlert a = alerts.get(0);
    assertThat(a.getRule()).isEqualTo("anger");
    assertThat(a.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(a.getExpression()).isEqualTo(Expression.ANGRY);
    assertThat(a.getValue()).isGreaterThanOrEqualTo(0.5f);
    assertThat(a.getSessionId()).isEqualTo("call-7");
    assertThat(a.getWindowEnd().toEpochMilli() - a.getWindowStart().toEpochMilli())
        .isEqualTo(30_000);
  }

  @Test
  void doesNotFireOnNoiseOrOnAShortOutburst() throws Exception {
    for (int k = 0; k < 25; k++) { // angry every third clip: a share of 1/3 for 60 s
      clips(3 * k, 2, Expression.NEUTRAL);
      clips(3 * k + 2, 1, Expression.ANGRY);
    }
    clips(75, 6, Expression.ANGRY); // 4.8 s of anger on top: 44 % of the last 30 s
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void firesAgainOnlyAfterTheShareFellAndClearsItsStateWhenTheCallEnds() throws Exception {
    clips(0, 50, Expression.ANGRY);
    clips(50, 50, Expression.HAPPY); // share falls: re-armed
    clips(100, 50, Expression.ANGRY);
    assertThat(harness.extractOutputValues()).hasSize(2);

    assertThat(harness.numKeyedStateEntries()).isPositive();
    harness.processWatermark(T0 + 1600 + 800L * 150 + 20_000 + 1); // 20 s of silence
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aSuddenChangeOfTheDominantExpressionAlertsOnceButNoiseDoesNot() throws Exception {
    harness.close();
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new AlertRulesFunction(
                    AlertRule.parseAll("mood-swing: dominant-change over 20s INFO"),
                    Duration.ofSeconds(20).toMillis())),
            s -> s.getCameraId() + "/" + s.getSessionId(),
            org.apache.flink.api.common.typeinfo.Types.STRING);
    harness.open();
    for (int k = 0; k < 30; k++) { // noise: happy and neutral alternate, no dominant change
      clips(2 * k, 1, Expression.HAPPY);
      clips(2 * k + 1, 1, Expression.NEUTRAL);
    }
    clips(60, 40, Expression.HAPPY); // 32 s happy
    assertThat(harness.extractOutputValues()).isEmpty();
    clips(100, 40, Expression.SAD); // then 32 s sad
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getRule()).isEqualTo("mood-swing");
              assertThat(a.getExpression()).isEqualTo(Expression.SAD);
              assertThat(a.getSeverity()).isEqualTo(AlertSeverity.INFO);
            });
  }

  @Test
  void rulesAreConfigurationWithClearErrors() {
    List<AlertRule> rules =
        AlertRule.parseAll("anger: ANGRY >= 0.5 for 30s; distress: SAD|FEAR >= 0.6 for 1min INFO");
    assertThat(rules).hasSize(2);
    assertThat(rules.get(1).expressions())
        .containsExactlyInAnyOrder(Expression.SAD, Expression.FEAR);
    assertThat(rules.get(1).severity()).isEqualTo(AlertSeverity.INFO);
    assertThatThrownBy(() -> AlertRule.parse("anger: RAGE >= 0.5 for 30s"))
        .hasMessageContaining("no expression 'RAGE'");
    assertThatThrownBy(() -> AlertRule.parse("anger ANGRY 0.5"))
        .hasMessageContaining("is neither 'NAME: EXPRESSION");
  }
}
