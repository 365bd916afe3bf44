package io.emostream.dashboard;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the live dashboard ({@code emostream dashboard}, also started by the demo). */
public final class DashboardOptions {

  public static final ConfigOption<String> HOST =
      key("dashboard.host")
          .stringType()
          .defaultValue("127.0.0.1")
          .withDescription(
              "Address the dashboard binds to; 0.0.0.0 serves every interface (set dashboard.token then).");

  public static final ConfigOption<Integer> PORT =
      key("dashboard.port")
          .intType()
          .defaultValue(8089)
          .withDescription("Port of the dashboard; 0 picks a free one.");

  public static final ConfigOption<String> TOKEN =
      key("dashboard.token")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Bearer token the dashboard requires (e.g. ${env:EMOSTREAM_DASHBOARD_TOKEN}); unset: none. Open the page with ?token=...");

  public static final ConfigOption<Integer> HISTORY =
      key("dashboard.history")
          .intType()
          .defaultValue(600)
          .withDescription("Recent records a newly opened page is sent before live ones.");

  private DashboardOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(HOST, PORT, TOKEN, HISTORY);
  }
}
