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
 * An alert rule as configuration: {@code NAME: EXPRESSION[|EXPRESSION...] >= SHARE for DURATION
 * [SEVERITY]} — raised when, within a session, at least SHARE of the clips that ended in the last
 * DURATION have one of the expressions as their top class (and the session has been watched that
 * long). For example {@code anger: ANGRY >= 0.5 for 30s WARNING}.
 */
public record AlertRule(
    String name,
    Set<Expression> expressions,
    double minShare,
    Duration duration,
    AlertSeverity severity)
    implements Serializable {

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
    Matcher m = SYNTAX.matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "alert rule '"
              + spec.strip()
              + "' is not 'NAME: EXPRESSION[|EXPRESSION] >= SHARE for DURATION [SEVERITY]',"
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
    AlertSeverity severity =
        m.group(5) == null
            ? AlertSeverity.WARNING
            : AlertSeverity.valueOf(m.group(5).toUpperCase(Locale.ROOT));
    return new AlertRule(
        m.group(1), expressions, share, TimeUtils.parseDuration(m.group(4)), severity);
  }
}
