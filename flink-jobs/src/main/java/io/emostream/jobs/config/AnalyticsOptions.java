package io.emostream.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the analytics job (per-camera and per-session aggregates, alert rules). */
public final class AnalyticsOptions {

  public static final ConfigOption<Duration> CAMERA_WINDOW =
      key("analytics.camera-window")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("Event-time window of the per-camera aggregates.");

  public static final ConfigOption<Duration> SESSION_GAP =
      key("analytics.session-gap")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "A session (e.g. a call) without scores for this long has ended: its aggregate is emitted and its alert state cleared.");

  public static final ConfigOption<String> ALERT_RULES =
      key("analytics.alert-rules")
          .stringType()
          .defaultValue(
              "anger: ANGRY >= 0.5 for 30s WARNING; distress: SAD|FEAR >= 0.6 for 1min WARNING")
          .withDescription(
              "Alert rules separated by ';', each 'NAME: EXPRESSION[|EXPRESSION] >= SHARE for DURATION [SEVERITY]' (raised once per episode when, within a session, that share of the clips of the last DURATION has one of the expressions as top class) or 'NAME: dominant-change over DURATION [SEVERITY]' (the dominant expression of the last DURATION differs from the one before, each held by at least 60% of its clips).");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      key("analytics.watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "How far behind the newest clip end a score may arrive (scores of different tracks interleave).");

  private AnalyticsOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(CAMERA_WINDOW, SESSION_GAP, ALERT_RULES, OUT_OF_ORDERNESS);
  }
}
