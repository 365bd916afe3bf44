package io.emostream.jobs.analytics;

import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates {@link AlertRule}s per session (keyed by session id, or camera id for scores without
 * one), in event time: each rule fires once when its share is reached over its duration, and again
 * only after the share fell below it. A session that falls silent for {@code sessionGapMillis}
 * ends: its state is cleared.
 */
public final class AlertRulesFunction
    extends KeyedProcessFunction<String, EmotionScore, EmotionAlert> {
  private static final long serialVersionUID = 1L;

  private final List<AlertRule> rules;
  private final long sessionGapMillis;
  private final long keepMillis;

  /** Clip ends and top classes of the evidence window: {end, class ordinal} pairs. */
  private transient ValueState<List<long[]>> evidence;

  private transient ValueState<Long> firstSeen;
  private transient ValueState<Long> lastSeen;
  private transient ValueState<boolean[]> firing;

  public AlertRulesFunction(List<AlertRule> rules, long sessionGapMillis) {
    this.rules = List.copyOf(rules);
    this.sessionGapMillis = sessionGapMillis;
    this.keepMillis = rules.stream().mapToLong(AlertRule::horizonMillis).max().orElse(0);
  }

  @Override
  public void open(OpenContext context) {
    evidence =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "evidence", TypeInformation.of(new TypeHint<List<long[]>>() {})));
    firstSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen", Long.class));
    lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", Long.class));
    firing =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("firing", TypeInformation.of(boolean[].class)));
  }

  @Override
  public void processElement(EmotionScore score, Context ctx, Collector<EmotionAlert> out)
      throws Exception {
    long end = score.getWindowEnd().toEpochMilli();
    List<long[]> clips = evidence.value() == null ? new ArrayList<>() : evidence.value();
    clips.add(new long[] {end, score.getTopClass().ordinal()});
    long latest = clips.stream().mapToLong(c -> c[0]).max().orElse(end);
    clips.removeIf(c -> c[0] < latest - keepMillis);
    evidence.update(clips);
    long first =
        firstSeen.value() == null ? score.getWindowStart().toEpochMilli() : firstSeen.value();
    firstSeen.update(Math.min(first, score.getWindowStart().toEpochMilli()));
    Long last = lastSeen.value();
    if (last == null || end > last) {
      lastSeen.update(end);
      ctx.timerService().registerEventTimeTimer(end + sessionGapMillis);
    }

    boolean[] on = firing.value() == null ? new boolean[rules.size()] : firing.value();
    for (int r = 0; r < rules.size(); r++) {
      AlertRule rule = rules.get(r);
      long d = rule.duration().toMillis();
      boolean watchedLongEnough = latest - firstSeen.value() >= rule.horizonMillis();
      Expression newTop;
      double value;
      boolean holds;
      if (rule.kind() == AlertRule.Kind.SHARE) {
        value = share(clips, latest - d, latest, rule.expressions());
        newTop = null;
        holds = value >= rule.minShare();
      } else {
        Expression before = dominant(clips, latest - 2 * d, latest - d);
        newTop = dominant(clips, latest - d, latest);
        holds = before != null && newTop != null && before != newTop;
        value = holds ? share(clips, latest - d, latest, Set.of(newTop)) : 0;
      }
      if (holds && watchedLongEnough && !on[r]) {
        on[r] = true;
        out.collect(alert(rule, score, newTop, value, latest - d, latest, ctx.getCurrentKey()));
      } else if (!holds) {
        on[r] = false; // re-armed: the next episode alerts again
      }
    }
    firing.update(on);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<EmotionAlert> out)
      throws Exception {
    Long last = lastSeen.value();
    if (last != null && timestamp >= last + sessionGapMillis) {
      evidence.clear(); // the session ended
      firstSeen.clear();
      lastSeen.clear();
      firing.clear();
    }
  }

  /** Share of the clips ending in (from, to] whose top class is one of {@code expressions}. */
  private static double share(List<long[]> clips, long from, long to, Set<Expression> expressions) {
    int total = 0;
    int matching = 0;
    for (long[] c : clips) {
      if (c[0] > from && c[0] <= to) {
        total++;
        if (expressions.contains(Expression.values()[(int) c[1]])) {
          matching++;
        }
      }
    }
    return total == 0 ? 0 : (double) matching / total;
  }

  /**
   * The top class of most clips ending in (from, to], if it holds DOMINANT_SHARE of them; else
   * null.
   */
  private static Expression dominant(List<long[]> clips, long from, long to) {
    int[] counts = new int[Expression.values().length];
    int total = 0;
    for (long[] c : clips) {
      if (c[0] > from && c[0] <= to) {
        counts[(int) c[1]]++;
        total++;
      }
    }
    int best = 0;
    for (int i = 1; i < counts.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return total > 0 && counts[best] >= AlertRule.DOMINANT_SHARE * total
        ? Expression.values()[best]
        : null;
  }

  private static EmotionAlert alert(
      AlertRule rule,
      EmotionScore score,
      Expression changedTo,
      double share,
      long from,
      long to,
      String key) {
    Expression top =
        changedTo != null
            ? changedTo
            : rule.expressions().contains(score.getTopClass())
                ? score.getTopClass()
                : rule.expressions().iterator().next();
    return EmotionAlert.newBuilder()
        .setAlertId(rule.name() + "/" + key + "/" + to)
        .setCameraId(score.getCameraId())
        .setSessionId(score.getSessionId())
        .setTrackId(null)
        .setRule(rule.name())
        .setSeverity(rule.severity())
        .setExpression(top)
        .setValue((float) share)
        .setWindowStart(Instant.ofEpochMilli(from))
        .setWindowEnd(Instant.ofEpochMilli(to))
        .setMessage(
            changedTo != null
                ? String.format(
                    java.util.Locale.ROOT,
                    "%s: the dominant expression changed to %s (%.0f%% of clips over the last %s)",
                    rule.name(),
                    changedTo,
                    100 * share,
                    rule.duration())
                : String.format(
                    java.util.Locale.ROOT,
                    "%s: %.0f%% of clips %s over the last %s (rule: >= %.0f%%)",
                    rule.name(),
                    100 * share,
                    rule.expressions(),
                    rule.duration(),
                    100 * rule.minShare()))
        .setCreatedTime(Instant.now())
        .build();
  }
}
