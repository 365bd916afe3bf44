package io.emostream.cli;

import io.emostream.demo.EmbeddedPlatform;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream demo}: the whole platform on this machine until Ctrl-C. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole platform on this machine until Ctrl-C.",
      "An embedded Kafka broker (KRaft), the topics from infra/kafka/topics.yaml, the scoring job on a",
      "Flink MiniCluster and a sample camera feed of real JPEG frames.",
      "Prints one line per record the job writes; Ctrl-C stops everything cleanly."
    },
    footer = {
      "",
      "Example:  bin/emostream demo --cameras 3 --fps 10",
      "          bin/emostream demo --bootstrap-servers kafka:9092   (external Kafka, no embedded broker)"
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      descriptionKey = "kafka.bootstrap-servers",
      description = "Use this Kafka instead of starting an embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      descriptionKey = "demo.kafka.port",
      description = "Port of the embedded broker (default ${DEFAULT-VALUE}; 0 = any free port).")
  int kafkaPort;

  @Option(
      names = "--cameras",
      paramLabel = "N",
      descriptionKey = "demo.feed.cameras",
      description = "Sample cameras (default ${DEFAULT-VALUE}).")
  int cameras;

  @Option(
      names = "--fps",
      paramLabel = "F",
      descriptionKey = "demo.feed.fps",
      description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      descriptionKey = "metrics.port",
      description =
          "Prometheus endpoint of this process (default ${DEFAULT-VALUE}; 0 = any free port).")
  int metricsPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      descriptionKey = "demo.data-dir",
      description = "Embedded broker data, wiped at start (default ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(
      names = "--loop",
      descriptionKey = "demo.loop",
      description =
          "Also run the collection loop: synthetic-face cameras, clip sampling, simulated annotators, soft labels, continuous retraining and hot-swap to each gated release.")
  boolean loop;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop by itself after this long, e.g. 30s or 5m (default: run until Ctrl-C).")
  String duration;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(flags());
    Duration limit = duration == null ? null : parseDuration(duration);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(
                    60, TimeUnit.SECONDS); // let main() close everything before the JVM exits
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "emostream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(conf, DemoCommand::println)) {
      if (limit == null) {
        stop.await();
      } else {
        stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
      }
      println("stopping ...");
    } finally {
      println("stopped.");
      stopped.countDown();
    }
    return 0;
  }

  @Spec CommandSpec spec;

  private Map<String, String> flags() {
    return ConfigDefaults.givenSettings(spec);
  }

  static Duration parseDuration(String text) {
    return TimeUtils.parseDuration(text);
  }

  private static synchronized void println(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
