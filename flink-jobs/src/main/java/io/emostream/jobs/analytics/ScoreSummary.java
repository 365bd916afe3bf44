package io.emostream.jobs.analytics;

import io.emostream.schemas.event.AggregateScope;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Sums emotion scores up into an {@link EmotionAggregate}: how many clips and face tracks, the
 * share of clips per top class, the mean distribution and ambiguity, the dominant expression.
 */
public final class ScoreSummary
    implements AggregateFunction<EmotionScore, ScoreSummary.Sums, EmotionAggregate> {
  private static final long serialVersionUID = 1L;
  private static final int CLASSES = Expression.values().length;

  private final AggregateScope scope;

  public ScoreSummary(AggregateScope scope) {
    this.scope = scope;
  }

  /** The running sums of a window (Flink keeps them as window state). */
  public static final class Sums {
    public String cameraId;
    public String sessionId;
    public long start = Long.MAX_VALUE;
    public long end = Long.MIN_VALUE;
    public int clips;
    public double[] topCounts = new double[CLASSES];
    public double[] probabilitySums = new double[CLASSES];
    public double ambiguitySum;
    public Set<String> tracks = new HashSet<>();
  }

  @Override
  public Sums createAccumulator() {
    return new Sums();
  }

  @Override
  public Sums add(EmotionScore s, Sums acc) {
    acc.cameraId = s.getCameraId();
    acc.sessionId = s.getSessionId();
    acc.start = Math.min(acc.start, s.getWindowStart().toEpochMilli());
    acc.end = Math.max(acc.end, s.getWindowEnd().toEpochMilli());
    acc.clips++;
    acc.topCounts[s.getTopClass().ordinal()]++;
    float[] p = Distributions.toArray(s.getDistribution());
    for (int i = 0; i < CLASSES; i++) {
      acc.probabilitySums[i] += p[i];
    }
    acc.ambiguitySum += s.getAmbiguity();
    acc.tracks.add(s.getTrackId());
    return acc;
  }

  @Override
  public EmotionAggregate getResult(Sums acc) {
    float[] share = new float[CLASSES];
    float[] mean = new float[CLASSES];
    int dominant = 0;
    for (int i = 0; i < CLASSES; i++) {
      share[i] = (float) (acc.topCounts[i] / Math.max(1, acc.clips));
      mean[i] = (float) (acc.probabilitySums[i] / Math.max(1, acc.clips));
      if (acc.topCounts[i] > acc.topCounts[dominant]) {
        dominant = i;
      }
    }
    return EmotionAggregate.newBuilder()
        .setScope(scope)
        .setCameraId(acc.cameraId)
        .setSessionId(acc.sessionId)
        .setWindowStart(Instant.ofEpochMilli(acc.start))
        .setWindowEnd(Instant.ofEpochMilli(acc.end))
        .setClips(acc.clips)
        .setFaces(acc.tracks.size())
        .setShare(Distributions.of(share))
        .setMeanDistribution(Distributions.of(mean))
        .setMeanAmbiguity((float) (acc.ambiguitySum / Math.max(1, acc.clips)))
        .setDominant(Expression.values()[dominant])
        .build();
  }

  @Override
  public Sums merge(Sums a, Sums b) {
    Sums m = new Sums();
    m.cameraId = a.cameraId != null ? a.cameraId : b.cameraId;
    m.sessionId = a.sessionId != null ? a.sessionId : b.sessionId;
    m.start = Math.min(a.start, b.start);
    m.end = Math.max(a.end, b.end);
    m.clips = a.clips + b.clips;
    for (int i = 0; i < CLASSES; i++) {
      m.topCounts[i] = a.topCounts[i] + b.topCounts[i];
      m.probabilitySums[i] = a.probabilitySums[i] + b.probabilitySums[i];
    }
    m.ambiguitySum = a.ambiguitySum + b.ambiguitySum;
    m.tracks.addAll(a.tracks);
    m.tracks.addAll(b.tracks);
    return m;
  }
}
