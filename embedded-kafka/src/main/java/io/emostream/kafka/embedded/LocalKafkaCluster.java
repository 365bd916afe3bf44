package io.emostream.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of separate broker processes on this machine, each started as {@code
 * kafka-server-start.sh} starts one ({@code kafka.Kafka server.properties}) after {@code
 * kafka-storage.sh format} ({@code kafka.tools.StorageTool}): KRaft, every node broker and
 * controller of a static quorum, replication 3 and {@code min.insync.replicas} 2 for internal and
 * new topics (with 3 nodes). A local stand-in for a production cluster, for fault tests and {@code
 * emostream cluster up}: nodes can be killed (SIGKILL) and restarted on their data.
 */
public final class LocalKafkaCluster implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  private final Path dir;
  private final String classpath;
  private final int[] clientPorts;
  private final Process[] nodes;

  private LocalKafkaCluster(Path dir, String classpath, int[] clientPorts) {
    this.dir = dir;
    this.classpath = classpath;
    this.clientPorts = clientPorts;
    this.nodes = new Process[clientPorts.length];
  }

  /**
   * Formats and starts {@code size} nodes (ids 1..size) under {@code dir}, with the jars of {@code
   * lib} (Kafka's server and its dependencies) as classpath; returns when every broker has
   * registered.
   */
  public static LocalKafkaCluster start(Path dir, Path lib, int size) throws Exception {
    if (size < 1) {
      throw new IllegalArgumentException("a Kafka cluster needs at least one node");
    }
    int[] clientPorts = IntStream.range(0, size).map(i -> EmbeddedKafka.freePort()).toArray();
    int[] controllerPorts = IntStream.range(0, size).map(i -> EmbeddedKafka.freePort()).toArray();
    String voters =
        IntStream.range(0, size)
            .mapToObj(i -> (i + 1) + "@" + HOST + ":" + controllerPorts[i])
            .collect(Collectors.joining(","));
    short replication = (short) Math.min(3, size);
    String minInsync = String.valueOf(Math.max(1, replication - 1));
    Files.createDirectories(dir.resolve("logs"));
    LocalKafkaCluster cluster = new LocalKafkaCluster(dir, classpath(lib), clientPorts);
    String clusterId = Uuid.randomUuid().toString();
    try {
      for (int i = 0; i < size; i++) {
        Path nodeDir = dir.resolve("node-" + (i + 1));
        Properties p =
            EmbeddedKafka.brokerProperties(
                nodeDir.resolve("data"), clientPorts[i], controllerPorts[i]);
        p.setProperty("node.id", String.valueOf(i + 1));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("default.replication.factor", String.valueOf(replication));
        p.setProperty("min.insync.replicas", minInsync);
        p.setProperty("offsets.topic.replication.factor", String.valueOf(replication));
        p.setProperty("transaction.state.log.replication.factor", String.valueOf(replication));
        p.setProperty("transaction.state.log.min.isr", minInsync);
        p.setProperty(
            "share.coordinator.state.topic.replication.factor", String.valueOf(replication));
        p.setProperty("share.coordinator.state.topic.min.isr", minInsync);
        Files.createDirectories(nodeDir);
        try (OutputStream out = Files.newOutputStream(nodeDir.resolve("server.properties"))) {
          p.store(out, "EmoStream local Kafka cluster, node " + (i + 1));
        }
        cluster.format(i + 1, clusterId);
      }
      for (int i = 0; i < size; i++) {
        cluster.startNode(i + 1);
      }
      cluster.awaitBrokers(size, Duration.ofMinutes(2));
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  private static String classpath(Path lib) throws IOException {
    try (var jars = Files.list(lib)) {
      return jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .map(Path::toString)
          .collect(Collectors.joining(java.io.File.pathSeparator));
    }
  }

  private void format(int node, String clusterId) throws Exception {
    Process p =
        java("format-" + node)
            .command(
                append(
                    javaCommand("kafka.tools.StorageTool"),
                    "format",
                    "--cluster-id",
                    clusterId,
                    "--config",
                    properties(node).toString(),
                    "--ignore-formatted"))
            .start();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          "formatting Kafka node " + node + " failed; see " + log("format-" + node));
    }
  }

  /** Starts node {@code id} (1-based) on its data, after a kill or for the first time. */
  public synchronized void startNode(int id) throws IOException {
    if (nodes[id - 1] != null && nodes[id - 1].isAlive()) {
      throw new IllegalStateException("Kafka node " + id + " is running");
    }
    nodes[id - 1] =
        java("node-" + id)
            .command(append(javaCommand("kafka.Kafka"), properties(id).toString()))
            .start();
  }

  /** Kills node {@code id} at once (SIGKILL), as a crash or a lost machine would. */
  public synchronized void kill(int id) throws InterruptedException {
    Process p = nodes[id - 1];
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The node that leads {@code partition} of {@code topic} now. */
  public int leaderOf(String topic, int partition) throws Exception {
    try (Admin admin = admin()) {
      TopicPartitionInfo info =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .filter(p -> p.partition() == partition)
              .findFirst()
              .orElseThrow();
      Node leader = info.leader();
      if (leader == null) {
        throw new IllegalStateException(topic + "-" + partition + " has no leader");
      }
      return leader.id();
    }
  }

  /** Waits until {@code count} brokers are registered with the controllers. */
  public void awaitBrokers(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < nodes.length; i++) {
        if (nodes[i] != null && !nodes[i].isAlive() && nodes[i].exitValue() != 137) {
          throw new IOException("Kafka node " + (i + 1) + " exited; see " + log("node-" + (i + 1)));
        }
      }
      try (Admin admin = admin()) {
        if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
          return;
        }
      } catch (Exception notYet) {
        last = notYet;
      }
      Thread.sleep(500);
    }
    throw new IOException(
        count
            + " Kafka brokers did not register within "
            + timeout
            + "; see "
            + dir.resolve("logs"),
        last);
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    return Admin.create(p);
  }

  public String bootstrapServers() {
    return IntStream.of(clientPorts)
        .mapToObj(port -> HOST + ":" + port)
        .collect(Collectors.joining(","));
  }

  /** The OS process of node {@code id}, e.g. to sample its memory. */
  public synchronized Process process(int id) {
    return nodes[id - 1];
  }

  public int size() {
    return nodes.length;
  }

  private Path properties(int node) {
    return dir.resolve("node-" + node).resolve("server.properties");
  }

  private Path log(String name) {
    return dir.resolve("logs").resolve(name + ".out");
  }

  private ProcessBuilder java(String name) {
    return new ProcessBuilder()
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
  }

  private List<String> javaCommand(String mainClass) {
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms256m",
            "-Xmx768m",
            "-XX:+UseG1GC",
            "-cp",
            classpath,
            mainClass));
  }

  private static List<String> append(List<String> command, String... args) {
    command.addAll(List.of(args));
    return command;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    for (Process p : nodes) {
      if (p != null) {
        p.destroy(); // SIGTERM: a controlled shutdown
      }
    }
    for (Process p : nodes) {
      if (p != null && !p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
