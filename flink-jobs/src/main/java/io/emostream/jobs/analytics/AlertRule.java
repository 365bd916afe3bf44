package io.emostream.jobs.analytics;

import io.emostream.schemas.event.AlertSeverity;
import io.emostream.schemas.event.Expression;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;

/**
 * An alert rule as configuration, one of two kinds:
 *
 * <ul>
 *   <li>{@code NAME: EXPRESSION[|EXPRESSION...] >= SHARE for DURATION [SEVERITY]} — raised when,
 *       within a session, at least SHARE of the clips that ended in the last DURATION have one of
 *       the expressions as their top class (and the session has been watched that long); e.g.
 *       {@code anger: ANGRY >= 0.5 for 30s WARNING};
 *   <li>{@code NAME: dominant-change over DURATION [SEVERITY]} — raised when the dominant
 *       expression of the last DURATION differs from that of the DURATION before it, each held by
 *       at least 60 % of its clips (a sudden change, not noise); e.g. {@code mood-swing:
 *       dominant-change over 20s INFO}.
 * </ul>
 */
public record AlertRule(
    String name,
    Kind kind,
    Set<Expression> expressions,
    double minShare,
    Duration duration,
    AlertSeverity severity)
    implements Serializable {

  /** What a rule watches. */
  public enum Kind {
    SHARE,
    DOMINANT_CHANGE
  }

  /**
   * A dominant expression must hold at least this share of its window's clips: ties and noise have
   * none.
   */
  public static final double DOMINANT_SHARE = 0.6;

  private static final Pattern CHANGE =
      Pattern.compile(
          "\\s*([A-Za-z0-9_-]+)\\s*:\\s*dominant-change\\s+over\\s+(\\S+)(?:\\s+([A-Za-z]+))?\\s*");

  private static final Pattern SYNTAX =
      Pattern.compile(
          "\\s*([A-Za-z0-9_-]+)\\s*:\\s*([A-Za-z|\\s]+?)\\s*>=\\s*([0-9.]+)\\s+for\\s+(\\S+)(?:\\s+([A-Za-z]+))?\\s*");

  /** Rules separated by {@code ;}. */
  public static List<AlertRule> parseAll(String specs) {
    List<AlertRule> rules = new ArrayList<>();
    for (String spec : specs.split(";")) {
      if (!spec.isBlank()) {
        rules.add(parse(spec));
      }
    }
    return rules;
  }

  public static AlertRule parse(String spec) {
    Matcher change = CHANGE.matcher(spec);
    if (change.matches()) {
      return new AlertRule(
          change.group(1),
          Kind.DOMINANT_CHANGE,
          EnumSet.allOf(Expression.class),
          DOMINANT_SHARE,
          TimeUtils.parseDuration(change.group(2)),
          severity(change.group(3)));
    }
    Matcher m = SYNTAX.matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "alert rule '"
              + spec.strip()
              + "' is neither 'NAME: EXPRESSION[|EXPRESSION] >= SHARE for DURATION [SEVERITY]'"
              + " nor 'NAME: dominant-change over DURATION [SEVERITY]',"
              + " e.g. 'anger: ANGRY >= 0.5 for 30s WARNING'");
    }
    Set<Expression> expressions = EnumSet.noneOf(Expression.class);
    for (String e : m.group(2).split("\\|")) {
      try {
        expressions.add(Expression.valueOf(e.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            "alert rule '" + m.group(1) + "': no expression '" + e.strip() + "'", ex);
      }
    }
    double share = Double.parseDouble(m.group(3));
    if (share <= 0 || share > 1) {
      throw new IllegalArgumentException(
          "alert rule '" + m.group(1) + "': share must be in (0, 1], got " + share);
    }
    return new AlertRule(
        m.group(1),
        Kind.SHARE,
        expressions,
        share,
        TimeUtils.parseDuration(m.group(4)),
        severity(m.group(5)));
  }

  /** How far back the rule looks. */
  public long horizonMillis() {
    return (kind == Kind.DOMINANT_CHANGE ? 2 : 1) * duration.toMillis();
  }

  private static AlertSeverity severity(String name) {
    return name == null
        ? AlertSeverity.WARNING
        : AlertSeverity.valueOf(name.toUpperCase(Locale.ROOT));
  }
}
