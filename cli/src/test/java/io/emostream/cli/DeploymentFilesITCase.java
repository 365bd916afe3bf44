package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.emostream.schemas.config.ConfigLayers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker/ checked against the code, since no Docker engine runs here: what the Dockerfiles copy
 * exists in the build (an ITCase: after `package`), the images compose runs are the ones the
 * Dockerfiles build, commands parse as EmoStream commands and settings, mounted files exist, and
 * Prometheus scrapes the port the job image's reporter listens on.
 */
class DeploymentFilesITCase {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOCKER = ROOT.resolve("docker");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern TAG = Pattern.compile("docker build -f (docker/\\S+) -t (\\S+) \\.");

  @Test
  void dockerfilesCopyFilesTheBuildMakes() throws Exception {
    for (String dockerfile : List.of("job.Dockerfile", "cli.Dockerfile")) {
      for (String source : copySources(Files.readString(DOCKER.resolve(dockerfile)))) {
        Path p = ROOT.resolve(source);
        assertThat(source.endsWith("/") ? Files.isDirectory(p) : Files.isRegularFile(p))
            .as("%s copies %s, which the build does not make", dockerfile, source)
            .isTrue();
      }
      for (String env : envNames(Files.readString(DOCKER.resolve(dockerfile)))) {
        assertThat(declaredEnvNames()).as("%s sets %s", dockerfile, env).contains(env);
      }
    }
  }

  /**
   * Jars the job jar leaves out (flink-jobs/pom.xml's shade excludes) that Flink's image does not
   * have, by group, as file-name prefixes in cli/target/lib.
   */
  private static final Map<String, List<String>> CLUSTER_CLASSPATH =
      Map.of(
          "ai.djl:*", List.of("api-"),
          "ai.djl.pytorch:*", List.of("pytorch-"),
          "ai.djl.onnxruntime:*", List.of("onnxruntime-engine-"),
          "com.microsoft.onnxruntime:*", List.of("onnxruntime-1"),
          "org.tribuo:*", List.of("tribuo-"),
          "com.google.protobuf:*", List.of("protobuf-java-"),
          "org.bytedeco:*", List.of("javacpp-", "javacv-", "ffmpeg-"),
          "net.java.dev.jna:*", List.of("jna-"));

  @Test
  void theJobImageHasEveryJarTheJobJarLeavesToTheCluster() throws Exception {
    String pom = Files.readString(ROOT.resolve("flink-jobs/pom.xml"));
    List<String> copied = copySources(Files.readString(DOCKER.resolve("job.Dockerfile")));
    List<String> lib;
    try (var files = Files.list(ROOT.resolve("cli/target/lib"))) {
      lib = files.map(f -> f.getFileName().toString()).toList();
    }
    CLUSTER_CLASSPATH.forEach(
        (group, prefixes) -> {
          assertThat(pom).as("the job jar excludes %s", group).contains("<exclude>" + group);
          List<String> jars =
              lib.stream().filter(j -> prefixes.stream().anyMatch(j::startsWith)).toList();
          assertThat(jars).as("cli/target/lib has %s", group).isNotEmpty();
          assertThat(copied)
              .as("job.Dockerfile puts %s on Flink's lib/", group)
              .containsAll(jars.stream().map(j -> "cli/target/lib/" + j).toList());
        });
  }

  @Test
  void composeRunsTheBuiltImagesWithCommandsAndSettingsTheCodeKnows() throws Exception {
    String composeText = Files.readString(DOCKER.resolve("compose.yaml"));
    Map<String, String> builtImages = new java.util.HashMap<>();
    Matcher m = TAG.matcher(composeText);
    while (m.find()) {
      assertThat(ROOT.resolve(m.group(1))).exists();
      builtImages.put(m.group(2), m.group(1));
    }
    assertThat(builtImages).containsKeys("emostream/flink-job:0.1.0", "emostream/cli:0.1.0");
    JsonNode services = YAML.readTree(composeText).get("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .contains(
            "kafka-1",
            "kafka-2",
            "kafka-3",
            "jobmanager",
            "taskmanager",
            "prometheus",
            "grafana",
            "dashboard");
    for (String name : names) {
      JsonNode s = services.get(name);
      String image = s.path("image").asText();
      if (image.startsWith("emostream/")) {
        assertThat(builtImages)
            .as("%s's image %s is built by a Dockerfile", name, image)
            .containsKey(image);
      }
      List<String> command = new ArrayList<>();
      s.path("command").forEach(c -> command.add(c.asText()));
      if (image.equals("emostream/cli:0.1.0")) {
        // Parses as an EmoStream command with its options (nothing runs).
        EmoStreamCli.commandLine().parseArgs(command.toArray(String[]::new));
      }
      int main = command.indexOf("--job-classname");
      if (main >= 0) {
        Class.forName(command.get(main + 1));
        assertThat(command.get(main + 2)).isIn("scoring", "analytics", "labels", "retrain");
        for (int i = main + 3; i < command.size(); i++) {
          if (command.get(i).equals("-D")) {
            String key = command.get(++i).split("=", 2)[0];
            assertThat(declaredKeys()).as("%s sets %s", name, key).contains(key);
          }
        }
      }
      s.path("environment")
          .fieldNames()
          .forEachRemaining(
              env -> {
                if (env.startsWith("EMOSTREAM_")) {
                  assertThat(declaredEnvNames()).as("%s sets %s", name, env).contains(env);
                }
              });
      for (JsonNode volume : s.path("volumes")) {
        String host = volume.asText().split(":")[0];
        if (host.startsWith(".")) {
          assertThat(DOCKER.resolve(host).normalize()).as("%s mounts %s", name, host).exists();
        }
      }
    }
  }

  @Test
  void prometheusScrapesThePortTheJobImageReportsOn() throws Exception {
    String job = Files.readString(DOCKER.resolve("job.Dockerfile"));
    Matcher port = Pattern.compile("metrics.reporter.prom.port: (\\d+)").matcher(job);
    assertThat(port.find()).isTrue();
    JsonNode config = YAML.readTree(DOCKER.resolve("prometheus.yml").toFile());
    List<String> targets = new ArrayList<>();
    config
        .path("scrape_configs")
        .forEach(
            c ->
                c.path("static_configs")
                    .forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText()))));
    assertThat(targets).isNotEmpty().allSatisfy(t -> assertThat(t).endsWith(":" + port.group(1)));
    assertThat(config.path("rule_files").get(0).asText())
        .isEqualTo("/etc/prometheus/rules/emostream.yml");
    assertThat(ROOT.resolve("infra/prometheus/rules/emostream.yml")).exists();
  }

  @Test
  void kubernetesTopicsAreTheDefinitionAndTheDeploymentRunsTheJobJar() throws Exception {
    assertThat(Files.readString(ROOT.resolve("infra/k8s/kafka-topics.yaml")))
        .as("infra/k8s/kafka-topics.yaml is `bin/emostream topics strimzi` output")
        .isEqualTo(
            io.emostream.schemas.topic.StrimziTopics.yaml(
                io.emostream.schemas.topic.KafkaTopics.load(
                    ROOT.resolve("infra/kafka/topics.yaml")),
                "emostream"));
    JsonNode deployment = YAML.readTree(ROOT.resolve("infra/k8s/scoring-job.yaml").toFile());
    JsonNode job = deployment.path("spec").path("job");
    Class.forName(job.path("entryClass").asText());
    assertThat(job.path("jarURI").asText())
        .isEqualTo(
            "local://"
                + copyDestination("flink-jobs/target/emostream-flink-jobs-0.1.0-SNAPSHOT-job.jar"));
    assertThat(job.path("args").get(0).asText()).isIn("scoring", "analytics", "labels", "retrain");
    for (int i = 1; i < job.path("args").size(); i++) {
      if (job.path("args").get(i).asText().equals("-D")) {
        String key = job.path("args").get(++i).asText().split("=", 2)[0];
        assertThat(declaredKeys()).contains(key);
      }
    }
    assertThat(deployment.path("spec").path("image").asText())
        .isEqualTo("emostream/flink-job:0.1.0");
    deployment
        .findValues("env")
        .forEach(
            env ->
                env.forEach(
                    e -> {
                      String name = e.path("name").asText();
                      if (name.startsWith("EMOSTREAM_")) {
                        assertThat(declaredEnvNames()).contains(name);
                      }
                    }));
  }

  @Test
  void theGpuDeploymentRunsTheCudaImageOnAGpuWithTensorRtSettingsTheCodeKnows() throws Exception {
    String cuda = Files.readString(DOCKER.resolve("job-cuda.Dockerfile"));
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher ort = Pattern.compile("ARG ORT_VERSION=(\\S+)").matcher(cuda);
    assertThat(ort.find()).isTrue();
    assertThat(pom)
        .as("the CUDA image swaps in onnxruntime_gpu of the version the build uses")
        .contains("<onnxruntime.version>" + ort.group(1) + "</onnxruntime.version>");
    assertThat(copySources(Files.readString(DOCKER.resolve("job.Dockerfile"))))
        .as("the jar the CUDA image removes is the one the job image has")
        .contains("cli/target/lib/onnxruntime-" + ort.group(1) + ".jar");
    assertThat(cuda).contains("FROM emostream/flink-job:0.1.0 AS job", "FROM nvidia/cuda:12.");
    for (String env : envNames(cuda)) {
      assertThat(declaredEnvNames()).as("job-cuda.Dockerfile sets %s", env).contains(env);
    }

    JsonNode deployment = YAML.readTree(ROOT.resolve("infra/k8s/scoring-job-gpu.yaml").toFile());
    assertThat(deployment.path("spec").path("image").asText())
        .isEqualTo("emostream/flink-job-cuda:0.1.0");
    assertThat(cuda).contains("-t emostream/flink-job-cuda:0.1.0");
    JsonNode taskManager = deployment.path("spec").path("taskManager").path("podTemplate");
    assertThat(taskManager.findValue("nvidia.com/gpu").asInt()).isEqualTo(1);
    List<String> args = new ArrayList<>();
    deployment.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
    assertThat(args.get(0)).isEqualTo("scoring");
    Map<String, String> settings = new java.util.HashMap<>();
    for (int i = 1; i < args.size(); i++) {
      if (args.get(i).equals("-D")) {
        String[] kv = args.get(++i).split("=", 2);
        assertThat(declaredKeys()).contains(kv[0]);
        settings.put(kv[0], kv[1]);
      }
    }
    assertThat(settings).containsEntry("scoring.model.onnx.provider", "tensorrt");
    String cache = settings.get("scoring.model.onnx.tensorrt.engine-cache");
    assertThat(taskManager.findValues("mountPath"))
        .as("the TensorRT engine cache is on a volume")
        .anySatisfy(p -> assertThat(p.asText()).isEqualTo(cache));
  }

  @Test
  void scheduledRetrainingRunsACliCommandTheCodeKnows() throws Exception {
    JsonNode cron = YAML.readTree(ROOT.resolve("infra/k8s/retrain-cronjob.yaml").toFile());
    assertThat(cron.path("kind").asText()).isEqualTo("CronJob");
    JsonNode container = cron.findValue("containers").get(0);
    assertThat(container.path("image").asText()).isEqualTo("emostream/cli:0.1.0");
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    assertThat(args.get(0)).isEqualTo("retrain");
    EmoStreamCli.commandLine().parseArgs(args.toArray(String[]::new)); // nothing runs
    for (int i = 1; i < args.size(); i++) {
      if (args.get(i).equals("-D")) {
        assertThat(declaredKeys()).contains(args.get(++i).split("=", 2)[0]);
      }
    }
    container
        .path("env")
        .forEach(e -> assertThat(declaredEnvNames()).contains(e.path("name").asText()));
  }

  /** Where job.Dockerfile copies a build file to. */
  private static String copyDestination(String source) throws Exception {
    for (String line :
        Files.readString(DOCKER.resolve("job.Dockerfile")).replace("\\\n", " ").split("\n")) {
      String t = line.trim();
      if (t.startsWith("COPY ") && t.contains(source)) {
        String[] parts = t.split("\\s+");
        return parts[parts.length - 1];
      }
    }
    throw new AssertionError("job.Dockerfile does not copy " + source);
  }

  /** The sources of every COPY (continuation lines joined), without --flags. */
  static List<String> copySources(String dockerfile) {
    List<String> out = new ArrayList<>();
    for (String line : dockerfile.replace("\\\n", " ").split("\n")) {
      String t = line.trim();
      if (t.startsWith("COPY ")) {
        List<String> parts = new ArrayList<>(List.of(t.substring(5).trim().split("\\s+")));
        parts.removeIf(p -> p.startsWith("--"));
        out.addAll(parts.subList(0, parts.size() - 1));
      }
    }
    return out;
  }

  private static Set<String> envNames(String dockerfile) {
    Matcher m = Pattern.compile("(EMOSTREAM_[A-Z0-9_]+)=").matcher(dockerfile);
    Set<String> out = new java.util.TreeSet<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Set<String> declaredKeys() {
    return EmoStreamConfig.declared().stream()
        .map(EmoStreamConfig.Declared::key)
        .collect(Collectors.toSet());
  }

  private static Set<String> declaredEnvNames() {
    return declaredKeys().stream().map(ConfigLayers::envName).collect(Collectors.toSet());
  }
}
