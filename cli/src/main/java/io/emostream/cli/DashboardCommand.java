package io.emostream.cli;

import io.emostream.dashboard.Dashboard;
import io.emostream.jobs.io.KafkaIo;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream dashboard}: the live dashboard. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the live dashboard: per camera and face track the latest clip's distribution,"
          + " ambiguity and model version, a timeline per camera, recent alerts and per-session"
          + " summaries, pushed to the page as they are committed to Kafka (server-sent events)."
          + " The demo starts one too.",
      "Binds to dashboard.host (127.0.0.1 by default); set dashboard.token before serving other hosts."
    },
    footer = {"", "Example:  bin/emostream dashboard --bootstrap-servers kafka-1:9092 --port 8089"})
final class DashboardCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Mixin KafkaFlags kafkaFlags;

  @Option(
      names = "--host",
      descriptionKey = "dashboard.host",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      descriptionKey = "dashboard.port",
      description = "Port (default ${DEFAULT-VALUE}).")
  Integer port;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    KafkaIo kafka = new KafkaIo(conf);
    try (Dashboard dashboard = Dashboard.start(conf, kafka.bootstrapServers(), kafka.topics())) {
      System.out.println("Dashboard: " + dashboard.url() + "  (Ctrl-C stops it)");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }
}
