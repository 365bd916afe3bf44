package io.emostream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink standalone session cluster as separate JVM processes on this machine — a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}) — on
 * the cluster classpath of {@code cli/target/lib}: Flink, its web submission, DJL with the PyTorch
 * natives and FFmpeg, but not the job's own code, Kafka client or connector, which come with the
 * job jar as on any Flink installation. A local stand-in for a real deployment: jobs are submitted
 * over REST, unchanged, as to any cluster. File system plugins (s3://) come from the {@code
 * plugins} folder next to {@code lib}, one folder per plugin as in Flink's distribution.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Jars of cli/target/lib that belong to the job jar, not to a cluster. */
  private static final List<String> NOT_ON_CLUSTER =
      List.of("emostream-", "kafka-", "kafka_", "flink-connector-kafka-", "flink-avro-", "avro-");

  /** The JVM options Flink's distribution gives its processes (env.java.opts.all). */
  private static final List<String> JVM_OPENS =
      Stream.of(
              "java.base/java.lang",
              "java.base/java.net",
              "java.base/java.io",
              "java.base/java.nio",
              "java.base/sun.nio.ch",
              "java.base/java.lang.reflect",
              "java.base/java.text",
              "java.base/java.time",
              "java.base/java.util",
              "java.base/java.util.concurrent",
              "java.base/java.util.concurrent.atomic",
              "java.base/java.util.concurrent.locks")
          .map(p -> "--add-opens=" + p + "=ALL-UNNAMED")
          .toList();

  private final Path dir;
  private final String classpath;
  private final Path plugins;
  private final int restPort;
  private final Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalFlinkCluster(
      Path dir, String classpath, Path plugins, int restPort, Process jobManager) {
    this.dir = dir;
    this.classpath = classpath;
    this.plugins = plugins;
    this.restPort = restPort;
    this.jobManager = jobManager;
  }

  /**
   * Starts a JobManager and {@code taskManagers} TaskManagers with {@code slots} slots each;
   * returns when they have registered.
   */
  public static LocalFlinkCluster start(
      Path dir, Path lib, int restPort, int rpcPort, int taskManagers, int slots) throws Exception {
    return start(dir, lib, restPort, rpcPort, taskManagers, slots, Map.of());
  }

  /**
   * As {@link #start(Path, Path, int, int, int, int)}, with more Flink configuration for every
   * process (e.g. {@code s3.endpoint}).
   */
  public static LocalFlinkCluster start(
      Path dir,
      Path lib,
      int restPort,
      int rpcPort,
      int taskManagers,
      int slots,
      Map<String, String> settings)
      throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    StringBuilder more = new StringBuilder();
    new TreeMap<>(settings).forEach((k, v) -> more.append(k).append(": ").append(v).append('\n'));
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(
        dir.resolve("conf/config.yaml"),
        String.join(
            "\n",
            "jobmanager.rpc.address: localhost",
            "jobmanager.rpc.port: " + rpcPort,
            "jobmanager.bind-host: localhost",
            "jobmanager.memory.process.size: 1024m",
            "taskmanager.bind-host: localhost",
            "taskmanager.host: localhost",
            "taskmanager.numberOfTaskSlots: " + slots,
            "taskmanager.memory.process.size: 2560m",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + restPort,
            "io.tmp.dirs: " + dir.resolve("tmp"),
            "web.upload.dir: " + dir.resolve("uploads"),
            // DJL and its natives load once per JVM, from the cluster classpath (README).
            "classloader.parent-first-patterns.additional: ai.djl.;ai.onnxruntime.;org.bytedeco.",
            more.toString()));
    // Warnings and errors, and each checkpoint and failover, to the process's logs/<name>.out.
    Files.writeString(
        dir.resolve("conf/log4j-console.properties"),
        String.join(
            "\n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.console.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
            "logger.checkpoints.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
            "logger.checkpoints.level = INFO",
            "logger.failover.name = org.apache.flink.runtime.executiongraph.ExecutionGraph",
            "logger.failover.level = INFO",
            ""));
    String classpath = clusterClasspath(lib);
    Path plugins = lib.toAbsolutePath().resolveSibling("plugins");
    Process jm =
        launch(
            dir,
            "jobmanager",
            classpath,
            plugins,
            List.of(),
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            List.of());
    LocalFlinkCluster cluster = new LocalFlinkCluster(dir, classpath, plugins, restPort, jm);
    try {
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(2));
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /** The cluster classpath: {@code lib}'s jars without the job's own. */
  static String clusterClasspath(Path lib) throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.filter(p -> p.toString().endsWith(".jar"))
          .filter(p -> NOT_ON_CLUSTER.stream().noneMatch(p.getFileName().toString()::startsWith))
          .sorted()
          .map(Path::toString)
          .collect(Collectors.joining(java.io.File.pathSeparator));
    }
  }

  /** Starts one more TaskManager (its memory settings computed as Flink's scripts do). */
  public synchronized Process startTaskManager() throws Exception {
    List<String> resources =
        run(
            List.of(
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                "GET_TM_RESOURCE_PARAMS",
                "--configDir",
                dir.resolve("conf").toString()));
    List<String> results =
        resources.stream()
            .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
            .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
            .toList();
    if (results.size() < 2) {
      throw new IOException("Flink did not compute TaskManager memory settings: " + resources);
    }
    Process tm =
        launch(
            dir,
            "taskmanager-" + taskManagers.size(),
            classpath,
            plugins,
            Arrays.asList(results.get(0).trim().split("\\s+")),
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            Arrays.asList(results.get(1).trim().split("\\s+")));
    taskManagers.add(tm);
    return tm;
  }

  /** The {@code index}th TaskManager process started (e.g. to sample its memory). */
  public synchronized Process taskManager(int index) {
    return taskManagers.get(index);
  }

  /**
   * A metric of every registered TaskManager's (e.g. {@code Status.JVM.Memory.Heap.Used}), summed.
   */
  public long taskManagerMetric(String name) throws Exception {
    long sum = 0;
    for (JsonNode tm : get("taskmanagers").path("taskmanagers")) {
      for (JsonNode m : get("taskmanagers/" + tm.path("id").asText() + "/metrics?get=" + name)) {
        sum += m.path("value").asLong();
      }
    }
    return sum;
  }

  /** Kills a TaskManager process at once (SIGKILL), as a crash would. */
  public synchronized void killTaskManager(int index) throws InterruptedException {
    Process p = taskManagers.get(index);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  private List<String> run(List<String> mainAndArgs) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(javaBinary(), "-cp", classpath, "-Dlog4j2.configurationFile=none"));
    command.addAll(mainAndArgs);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out.lines().toList();
  }

  private static Process launch(
      Path dir,
      String name,
      String classpath,
      Path plugins,
      List<String> jvmOptions,
      String mainClass,
      List<String> dynamicProperties)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(JVM_OPENS);
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            classpath,
            "-Dlog4j2.configurationFile=" + dir.resolve("conf/log4j-console.properties"),
            mainClass));
    command.addAll(List.of("--configDir", dir.resolve("conf").toString()));
    command.addAll(dynamicProperties);
    ProcessBuilder process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs/" + name + ".out").toFile());
    process.environment().put("FLINK_PLUGINS_DIR", plugins.toString());
    return process.start();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public String restUrl() {
    return "http://localhost:" + restPort + "/";
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(restUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private void awaitTaskManagers(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!jobManager.isAlive()) {
        throw new IOException("the JobManager exited; see " + dir.resolve("logs/jobmanager.out"));
      }
      try {
        if (get("overview").path("taskmanagers").asInt() >= count) {
          return;
        }
      } catch (IOException notYet) {
        // REST endpoint not up yet
      }
      Thread.sleep(500);
    }
    throw new IOException(
        count
            + " TaskManagers did not register within "
            + timeout
            + "; see "
            + dir.resolve("logs"));
  }

  /** Uploads the job jar and runs {@code args} against it, as {@code flink run} would over REST. */
  public String submit(Path jobJar, String entryClass, List<String> args) throws Exception {
    return RestSubmission.submit(http, restUrl(), jobJar, entryClass, args);
  }

  /** The job's state (RUNNING, FINISHED, ...). */
  public String state(String jobId) throws Exception {
    return get("jobs/" + jobId).path("state").asText();
  }

  /** Checkpoints completed so far. */
  public int completedCheckpoints(String jobId) throws Exception {
    return get("jobs/" + jobId + "/checkpoints").path("counts").path("completed").asInt();
  }

  public void cancel(String jobId) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(restUrl() + "jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void close() throws InterruptedException {
    for (Process tm : taskManagers) {
      tm.destroy();
    }
    jobManager.destroy();
    for (Process p : taskManagers) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (!jobManager.waitFor(20, TimeUnit.SECONDS)) {
      jobManager.destroyForcibly();
    }
  }
}
