package io.emostream.cli;

import io.emostream.cluster.LocalFlinkCluster;
import io.emostream.cluster.RestSubmission;
import io.emostream.kafka.embedded.LocalKafkaCluster;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.topic.TopicAdmin;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code emostream cluster}: a local Flink session cluster of separate processes. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "A local stand-in for a real Flink deployment: a standalone session cluster of separate JVM"
            + " processes (JobManager + TaskManagers) on this machine, and job submission over REST.",
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Submit.class})
final class ClusterCommand {

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Starts a Kafka cluster (KRaft nodes as separate processes, replication 3,"
            + " min.insync.replicas 2, the topics of infra/kafka/topics.yaml created), a JobManager"
            + " and TaskManagers as separate processes on the cluster classpath of cli/target/lib"
            + " (Flink, DJL with the PyTorch natives, FFmpeg; not the jobs' own code, which comes"
            + " in the job jar), and keeps them until Ctrl-C. Logs in DIR/logs and DIR/kafka/logs.",
      },
      footer = {
        "",
        "Example:  bin/emostream cluster up --task-managers 2",
        "          bin/emostream cluster submit scoring -D kafka.bootstrap-servers=<as printed>"
      })
  static final class Up implements Callable<Integer> {
    @Option(
        names = "--task-managers",
        defaultValue = "1",
        description = "TaskManagers (default ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(
        names = "--slots",
        defaultValue = "2",
        description = "Slots per TaskManager (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(
        names = "--rest-port",
        defaultValue = "8081",
        description = "JobManager REST/web port (default ${DEFAULT-VALUE}).")
    int restPort;

    @Option(
        names = "--rpc-port",
        defaultValue = "6123",
        description = "JobManager RPC port (default ${DEFAULT-VALUE}).")
    int rpcPort;

    @Option(
        names = "--kafka-nodes",
        defaultValue = "3",
        description =
            "Kafka nodes (broker + controller each) to start; 0 for none, to use an external"
                + " Kafka (default ${DEFAULT-VALUE}).")
    int kafkaNodes;

    @Option(
        names = "-D",
        paramLabel = "KEY=VALUE",
        description =
            "Flink configuration for every process of the cluster, e.g. -D s3.endpoint=http://minio:9000"
                + " -D s3.path.style.access=true (Flink's s3 file system plugin is installed).")
    Map<String, String> flinkSettings = new LinkedHashMap<>();

    @Option(
        names = "--dir",
        defaultValue = "var/cluster",
        description = "Configuration, logs and temporary files (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      LocalKafkaCluster kafka =
          kafkaNodes > 0
              ? LocalKafkaCluster.start(dir.resolve("kafka"), EmoStreamPaths.lib(), kafkaNodes)
              : null;
      try (kafka;
          LocalFlinkCluster cluster =
              LocalFlinkCluster.start(
                  dir,
                  EmoStreamPaths.lib(),
                  restPort,
                  rpcPort,
                  taskManagers,
                  slots,
                  flinkSettings)) {
        if (kafka != null) {
          List<String> created =
              TopicAdmin.createMissing(kafka.bootstrapServers(), KafkaTopics.bundled());
          System.out.println(
              "Kafka: "
                  + kafka.bootstrapServers()
                  + " ("
                  + kafkaNodes
                  + " nodes, "
                  + created.size()
                  + " topics created; logs in "
                  + dir.resolve("kafka/logs")
                  + ")");
        }
        System.out.println(
            "Flink session cluster: "
                + cluster.restUrl()
                + " ("
                + taskManagers
                + " TaskManager(s) × "
                + slots
                + " slots; logs in "
                + dir.resolve("logs")
                + "); Ctrl-C stops it");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> { // the processes stop before this JVM does (close is idempotent)
                      stop.countDown();
                      try {
                        cluster.close();
                        if (kafka != null) {
                          kafka.close();
                        }
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
        stop.await();
      }
      return 0;
    }
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description =
          "Submits the job jar (flink-jobs/target/*-job.jar) to a running cluster over REST, as"
              + " `flink run` would, with the settings given as -D key=value; prints the job id.",
      footer = {"", "Example:  bin/emostream cluster submit scoring --config /etc/emostream.yaml"})
  static final class Submit implements Callable<Integer> {
    @Parameters(index = "0", description = "scoring, analytics, labels or retrain")
    String job;

    @Option(
        names = "--rest",
        defaultValue = "http://localhost:8081/",
        description = "The JobManager's REST address (default ${DEFAULT-VALUE}).")
    String rest;

    @Option(names = "--jar", description = "The job jar (default: flink-jobs/target/*-job.jar).")
    Path jar;

    @Option(
        names = "--config",
        description = "Settings file, read by the job's main on the cluster.")
    Path config;

    @Option(
        names = {"-D", "--set"},
        paramLabel = "KEY=VALUE",
        description = "A setting for the job.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      List<String> args = new ArrayList<>(List.of(job));
      if (config != null) {
        args.addAll(List.of("--config", config.toAbsolutePath().toString()));
      }
      settings.forEach(s -> args.addAll(List.of("-D", s)));
      String id =
          RestSubmission.submit(
              HttpClient.newHttpClient(),
              rest.endsWith("/") ? rest : rest + "/",
              jar != null ? jar : defaultJar(),
              "io.emostream.jobs.JobsMain",
              args);
      System.out.println(id);
      return 0;
    }

    private static Path defaultJar() throws Exception {
      Path target = EmoStreamPaths.home().resolve("flink-jobs").resolve("target");
      try (Stream<Path> files = Files.list(target)) {
        return files
            .filter(p -> p.getFileName().toString().endsWith("-job.jar"))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no job jar in " + target + ": run mvn package"));
      }
    }
  }
}
