package io.emostream.annotate;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the annotation web app ({@code emostream annotate}). */
public final class AnnotateOptions {

  public static final ConfigOption<String> HOST =
      key("annotate.host")
          .stringType()
          .defaultValue("127.0.0.1")
          .withDescription(
              "Address the annotation app binds to; 0.0.0.0 serves every interface (set annotate.token then).");

  public static final ConfigOption<Integer> PORT =
      key("annotate.port")
          .intType()
          .defaultValue(8088)
          .withDescription("Port of the annotation app; 0 picks a free one.");

  public static final ConfigOption<String> TOKEN =
      key("annotate.token")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Bearer token the app requires (e.g. ${env:EMOSTREAM_ANNOTATE_TOKEN}); unset: none. Annotators open the page with ?token=...");

  public static final ConfigOption<Integer> MAX_PENDING =
      key("annotate.max-pending")
          .intType()
          .defaultValue(5000)
          .withDescription(
              "Most clips the app holds in memory; older ones leave the app's queue (not the topic).");

  private AnnotateOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(HOST, PORT, TOKEN, MAX_PENDING);
  }
}
