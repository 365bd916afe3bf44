package io.emostream.demo;

import io.emostream.dashboard.Dashboard;
import io.emostream.jobs.analytics.AnalyticsJob;
import io.emostream.jobs.config.FlinkDefaults;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.jobs.labels.SoftLabelJob;
import io.emostream.jobs.scoring.ScoringJob;
import io.emostream.kafka.embedded.EmbeddedKafka;
import io.emostream.loop.ContinuousRetraining;
import io.emostream.schemas.topic.TopicAdmin;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EmoStream on one machine: an embedded Kafka broker (unless {@code kafka.bootstrap-servers} is
 * set), the topics, the scoring job on a Flink MiniCluster, a sample camera feed, a console that
 * prints what reaches the output topics, and a Prometheus endpoint. Closing stops them in reverse
 * order.
 */
public final class EmbeddedPlatform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);

  private static boolean jvmMetricsRegistered;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private String bootstrapServers;
  private JobClient job;

  private EmbeddedPlatform() {}

  /** Starts everything; on failure stops what had started and rethrows. */
  public static EmbeddedPlatform start(Configuration conf, Consumer<String> console) {
    EmbeddedPlatform platform = new EmbeddedPlatform();
    try {
      platform.startAll(conf, console);
      return platform;
    } catch (Exception e) {
      platform.close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
  }

  private void startAll(Configuration conf, Consumer<String> console) throws Exception {
    Configuration effective = new Configuration(conf);
    Path dataDir = Path.of(conf.get(DemoOptions.DATA_DIR)).toAbsolutePath();
    if (!conf.get(DemoOptions.KEEP_DATA)) {
      deleteRecursively(dataDir);
    }
    Files.createDirectories(dataDir);

    if (conf.contains(KafkaOptions.BOOTSTRAP_SERVERS)) {
      bootstrapServers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
      console.accept("kafka:      external at " + bootstrapServers);
    } else {
      EmbeddedKafka kafka =
          EmbeddedKafka.start(dataDir.resolve("kafka"), conf.get(DemoOptions.KAFKA_PORT));
      running.push(kafka);
      bootstrapServers = kafka.bootstrapServers();
      effective.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrapServers);
      console.accept("kafka:      embedded KRaft broker at " + bootstrapServers);
    }
    boolean loop = conf.get(DemoOptions.LOOP);
    MixtureLedger ledger = new MixtureLedger(Duration.ofMinutes(30).toMillis());
    if (loop) {
      DemoLoop.configure(effective, dataDir);
    }
    KafkaIo kafkaIo = new KafkaIo(effective);
    List<String> created =
        TopicAdmin.createMissing(
            bootstrapServers, KafkaOptions.clientProperties(effective), kafkaIo.topics());
    console.accept(
        "topics:     "
            + kafkaIo.topics().all().size()
            + " defined, "
            + created.size()
            + " created");

    registerJvmMetricsOnce();
    HTTPServer metrics =
        HTTPServer.builder()
            .hostname(conf.get(DemoOptions.METRICS_HOST))
            .port(conf.get(DemoOptions.METRICS_PORT))
            .buildAndStart();
    running.push(metrics);
    console.accept(
        "metrics:    http://"
            + conf.get(DemoOptions.METRICS_HOST)
            + ":"
            + metrics.getPort()
            + "/metrics (feed, JVM); Flink job on port(s) "
            + FlinkDefaults.prometheusPort(effective));

    running.push(ConsoleTail.start(effective, bootstrapServers, kafkaIo.topics(), console));
    if (conf.get(DemoOptions.DASHBOARD)) {
      Dashboard dashboard = Dashboard.start(effective, bootstrapServers, kafkaIo.topics());
      running.push(dashboard);
      console.accept("dashboard:  " + dashboard.url() + " (live scores, alerts, sessions)");
    }

    // Scores become visible to read_committed consumers at each checkpoint: keep the demo lively.
    FlinkDefaults.setIfAbsent(effective, "execution.checkpointing.interval", "2s");
    // A few sample cameras leave some of the frames topic's partitions empty; event time waits for
    // an empty partition until it is declared idle. The feed is steady, so 2 s is safe here, and
    // the
    // first scores do not wait the production default of 10 s.
    FlinkDefaults.setIfAbsent(effective, ScoringOptions.IDLENESS.key(), "2s");
    FlinkDefaults.apply(effective);
    FlinkDefaults.setIfAbsent(effective, "parallelism.default", "2");
    FlinkDefaults.setIfAbsent(effective, "io.tmp.dirs", dataDir.resolve("flink-tmp").toString());
    // The demo shows live frames, not a backlog of an earlier run.
    FlinkDefaults.setIfAbsent(
        effective, KafkaOptions.STARTING_OFFSETS.key(), KafkaOptions.StartingOffsets.LATEST.name());
    // The MiniCluster's REST endpoint on this machine only, at a port we know: readiness is asked
    // there.
    FlinkDefaults.setIfAbsent(effective, "rest.port", String.valueOf(freePort()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(effective);
    ScoringJob.onKafka(effective).build(env);
    // The analytics pipeline in the same job: aggregates and alerts, as dashboards read them.
    AnalyticsJob.onKafka(effective, false).build(env);
    if (loop) { // and the soft-label job: samples + votes -> labelled clips
      SoftLabelJob.onKafka(effective).build(env);
    }
    long submitted = System.nanoTime();
    job = env.executeAsync(ScoringJob.NAME);
    running.push(this::cancelJob);
    console.accept(
        "flink:      "
            + ScoringJob.NAME
            + " starting on a MiniCluster, job "
            + job.getJobID()
            + "; the feed starts when the models are loaded and warmed up");
    boolean ready =
        new JobReadiness(
                effective.getString("rest.bind-address", "127.0.0.1"),
                Integer.parseInt(effective.getString("rest.port", "8081")),
                job.getJobID())
            .await(Duration.ofMinutes(3));
    console.accept(
        String.format(
            Locale.ROOT,
            "flink:      %s after %.1f s",
            ready ? "every task running" : "not all tasks running yet; starting the feed anyway",
            (System.nanoTime() - submitted) / 1e9));

    int cameras = conf.get(DemoOptions.CAMERAS);
    double fps = conf.get(DemoOptions.FPS);
    boolean edgeBoxes = conf.get(DemoOptions.EDGE_BOXES);
    if (loop) {
      startLoop(effective, kafkaIo, ledger, fps, console);
      return;
    }
    running.push(
        SampleCameraFeed.start(
            bootstrapServers,
            kafkaIo.topics().frames(),
            cameras,
            fps,
            edgeBoxes,
            KafkaOptions.clientProperties(effective)));
    console.accept(
        "feed:       "
            + cameras
            + " sample camera(s) at "
            + fps
            + " fps"
            + (edgeBoxes ? " with edge face boxes" : "")
            + " -> "
            + kafkaIo.topics().frames().name());
    console.accept(
        "output:     "
            + kafkaIo.topics().emotionScores().name()
            + ", "
            + kafkaIo.topics().cameraStats().name()
            + " and "
            + kafkaIo.topics().deadLetters().name()
            + " (Ctrl-C stops)");
  }

  private void startLoop(
      Configuration conf,
      KafkaIo kafkaIo,
      MixtureLedger ledger,
      double fps,
      Consumer<String> console)
      throws Exception {
    Properties clients = KafkaOptions.clientProperties(conf);
    clients.put("bootstrap.servers", bootstrapServers);
    running.push(
        SampleCameraFeed.start(
            bootstrapServers, kafkaIo.topics().frames(), DemoLoop.cameras(ledger), fps, clients));
    console.accept(
        "feed:       synthetic faces: "
            + DemoLoop.CONSENTING_CAMERA
            + " (consent ANALYTICS_AND_TRAINING: sampled) and "
            + DemoLoop.ANALYTICS_ONLY_CAMERA
            + " (ANALYTICS: scored, never kept) at "
            + fps
            + " fps");
    running.push(
        new SimulatedAnnotators(
                clients,
                kafkaIo.topics().clipSamples().name(),
                kafkaIo.topics().annotations().name(),
                ledger,
                conf.get(LabelOptions.VOTES_PER_CLIP),
                Clock.systemUTC(),
                console)
            .start());
    running.push(new ContinuousRetraining(conf, console, Clock.systemUTC()).start());
    console.accept(
        "loop:       samples -> "
            + conf.get(LabelOptions.VOTES_PER_CLIP)
            + " simulated annotators -> labelled clips in "
            + conf.get(LabelOptions.DATASET_DIR)
            + " -> retraining every "
            + conf.get(TrainingSettings.EVERY_CLIPS)
            + " clips -> gated release -> hot-swap (Ctrl-C stops)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static synchronized void registerJvmMetricsOnce() {
    if (!jvmMetricsRegistered) {
      JvmMetrics.builder().register();
      jvmMetricsRegistered = true;
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  private void cancelJob() throws Exception {
    if (job != null) {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    while (!running.isEmpty()) {
      AutoCloseable next = running.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("while stopping {}: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear demo data directory " + dir, e);
    }
  }
}
