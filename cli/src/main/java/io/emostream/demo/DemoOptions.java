package io.emostream.demo;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the one-machine demo: embedded broker, sample feed, metrics endpoint. */
public final class DemoOptions {

  public static final ConfigOption<Integer> KAFKA_PORT =
      key("demo.kafka.port")
          .intType()
          .defaultValue(9092)
          .withDescription("Client port of the embedded Kafka broker; 0 picks a free port.");

  public static final ConfigOption<String> DATA_DIR =
      key("demo.data-dir")
          .stringType()
          .defaultValue("var/demo")
          .withDescription(
              "Where the embedded broker keeps its log; wiped at start unless demo.keep-data is true.");

  public static final ConfigOption<Boolean> KEEP_DATA =
      key("demo.keep-data")
          .booleanType()
          .defaultValue(false)
          .withDescription("Keep the embedded broker's data between runs.");

  public static final ConfigOption<Integer> CAMERAS =
      key("demo.feed.cameras")
          .intType()
          .defaultValue(2)
          .withDescription("Number of sample cameras publishing frames.");

  public static final ConfigOption<Double> FPS =
      key("demo.feed.fps")
          .doubleType()
          .defaultValue(5.0)
          .withDescription("Frames per second of each sample camera.");

  public static final ConfigOption<Boolean> EDGE_BOXES =
      key("demo.feed.edge-boxes")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "The sample feed acts as an edge detector: frames carry face boxes (found once per loop frame by TinyFaceDetector), so the job skips detection.");

  public static final ConfigOption<Boolean> DASHBOARD =
      key("demo.dashboard")
          .booleanType()
          .defaultValue(true)
          .withDescription("Start the live dashboard (dashboard.*) with the demo.");

  public static final ConfigOption<Boolean> LOOP =
      key("demo.loop")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Run the collection loop too: synthetic-face cameras (one with training consent, one without), clip sampling, simulated annotators, the soft-label job and continuous retraining, whose releases the scoring job hot-swaps to.");

  public static final ConfigOption<Integer> METRICS_PORT =
      key("metrics.port")
          .intType()
          .defaultValue(9250)
          .withDescription(
              "Prometheus endpoint of this process (feed, CLI); 0 picks a free port. Flink jobs report on metrics.reporter.prom.port.");

  public static final ConfigOption<String> METRICS_HOST =
      key("demo.metrics-host")
          .stringType()
          .defaultValue("127.0.0.1")
          .withDescription(
              "Address the CLI's Prometheus endpoint binds; 0.0.0.0 exposes it on every interface.");

  private DemoOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(
        KAFKA_PORT,
        DATA_DIR,
        KEEP_DATA,
        CAMERAS,
        FPS,
        EDGE_BOXES,
        DASHBOARD,
        LOOP,
        METRICS_PORT,
        METRICS_HOST);
  }
}
