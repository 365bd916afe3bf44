package io.emostream.jobs.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emostream.schemas.event.AggregateScope;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScoreSummaryTest {

  private static EmotionScore score(String track, Expression top, long end, float ambiguity) {
    float[] p = new float[7];
    p[top.ordinal()] = 0.8f;
    p[Expression.NEUTRAL.ordinal()] += 0.2f;
    return EmotionScore.newBuilder()
        .setCameraId("desk-1")
        .setSessionId("call-7")
        .setTrackId(track)
        .setWindowStart(Instant.ofEpochMilli(end - 1600))
        .setWindowEnd(Instant.ofEpochMilli(end))
        .setFrameCount(16)
        .setDistribution(Distributions.of(p))
        .setTopClass(top)
        .setConfidence(0.8f)
        .setAmbiguity(ambiguity)
        .setModelVersion("m")
        .setProcessingLatencyMillis(0)
        .build();
  }

  @Test
  void sharesMeansDominantAndFacesOfAWindowAlsoWhenMerged() {
    ScoreSummary summary = new ScoreSummary(AggregateScope.SESSION);
    ScoreSummary.Sums a = summary.createAccumulator();
    summary.add(score("t1", Expression.HAPPY, 10_000, 0.2f), a);
    summary.add(score("t1", Expression.HAPPY, 10_800, 0.4f), a);
    ScoreSummary.Sums b = summary.createAccumulator();
    summary.add(score("t2", Expression.SAD, 11_600, 0.6f), b);

    EmotionAggregate agg = summary.getResult(summary.merge(a, b));
    assertThat(agg.getScope()).isEqualTo(AggregateScope.SESSION);
    assertThat(agg.getClips()).isEqualTo(3);
    assertThat(agg.getFaces()).isEqualTo(2);
    assertThat(agg.getDominant()).isEqualTo(Expression.HAPPY);
    assertThat(agg.getShare().getHappy()).isCloseTo(2 / 3f, within(1e-6f));
    assertThat(agg.getShare().getSad()).isCloseTo(1 / 3f, within(1e-6f));
    assertThat(agg.getMeanDistribution().getNeutral()).isCloseTo(0.2f, within(1e-6f));
    assertThat(agg.getMeanAmbiguity()).isCloseTo(0.4f, within(1e-6f));
    assertThat(agg.getWindowStart().toEpochMilli()).isEqualTo(8_400);
    assertThat(agg.getWindowEnd().toEpochMilli()).isEqualTo(11_600);
  }
}
