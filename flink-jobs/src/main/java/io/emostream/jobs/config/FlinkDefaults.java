package io.emostream.jobs.config;

import org.apache.flink.configuration.Configuration;

/**
 * Flink settings EmoStream's processes use unless the configuration says otherwise: Prometheus
 * reporting and checkpointing. On a real cluster its own flink-conf decides the reporter; these
 * matter for local runs.
 */
public final class FlinkDefaults {
  public static final String PROMETHEUS_REPORTER = "metrics.reporter.prom.";

  private FlinkDefaults() {}

  public static void apply(Configuration conf) {
    setIfAbsent(
        conf,
        PROMETHEUS_REPORTER + "factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    setIfAbsent(conf, PROMETHEUS_REPORTER + "port", "9249");
    setIfAbsent(conf, "execution.checkpointing.interval", "5s");
    // A local run's REST endpoint (Flink's web UI) listens on this machine only. Flink 2.2's
    // Prometheus reporter has no bind address: it listens on every interface (README, Security).
    setIfAbsent(conf, "rest.bind-address", "127.0.0.1");
  }

  public static void setIfAbsent(Configuration conf, String key, String value) {
    if (!conf.toMap().containsKey(key)) {
      conf.setString(key, value);
    }
  }

  /** The port (or port range) the Flink job's Prometheus reporter listens on. */
  public static String prometheusPort(Configuration conf) {
    return conf.toMap().getOrDefault(PROMETHEUS_REPORTER + "port", "9249");
  }
}
