package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cluster.LocalFlinkCluster;
import io.emostream.ingest.CameraSpec;
import io.emostream.ingest.Ingest;
import io.emostream.ingest.IngestOptions;
import io.emostream.ingest.KafkaTarget;
import io.emostream.kafka.embedded.LocalKafkaCluster;
import io.emostream.model.sample.SampleFrames;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.topic.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The scoring job on a cluster of processes — Kafka ×3 (replication 3, min.insync.replicas 2), a
 * Flink JobManager and a TaskManager, the packaged job jar submitted over REST — fed live by the
 * real ingest while faults are injected: TaskManagers SIGKILLed at random times (a new one started
 * each time) and the Kafka node leading the first camera's frames partition SIGKILLed and
 * restarted. Afterwards every frame and every committed score is read back.
 */
final class ScoringFaultRun {
  private static final int CLIP = 16;
  private static final int STRIDE = 8;
  private static final int LOOP = 24;

  /**
   * @param delivery kafka.sink.delivery-guarantee
   * @param feed how long every camera sends frames, in real time
   * @param killEvery a TaskManager is killed after a random wait in this range, again and again
   * @param brokerKills when (from the feed's start) a Kafka node is killed; restarted 15 s later
   * @param compareWithFaultFree also score the same frames without faults (the expected output)
   */
  record Plan(
      String delivery,
      Duration feed,
      int cameras,
      double fps,
      Duration[] killEvery,
      List<Duration> brokerKills,
      boolean compareWithFaultFree,
      long seed) {}

  /**
   * What happened: the faults, the frames on the topic, the committed scores per clip key (track @
   * window start) of the run with faults, and those of a fault-free job run afterwards on the same
   * frames — the output exactly-once must reproduce.
   */
  record Outcome(
      List<String> faults,
      Map<String, Integer> framesPerCamera,
      Map<String, Integer> scoresPerClip,
      Map<String, Integer> faultFreeScores,
      Map<String, Integer> deadLetters,
      Duration catchUp) {

    long taskManagerKills() {
      return faults.stream().filter(f -> f.contains("TaskManager")).count();
    }

    long brokerKills() {
      return faults.stream().filter(f -> f.contains("Kafka node") && f.contains("SIGKILL")).count();
    }

    List<String> missing() {
      return faultFreeScores.keySet().stream()
          .filter(k -> !scoresPerClip.containsKey(k))
          .sorted()
          .toList();
    }

    /** Clips the fault-free run does not have (none when there was no fault-free run). */
    List<String> unexpected() {
      if (faultFreeScores.isEmpty()) {
        return List.of();
      }
      return scoresPerClip.keySet().stream()
          .filter(k -> !faultFreeScores.containsKey(k))
          .sorted()
          .toList();
    }

    long duplicates() {
      return scoresPerClip.values().stream().mapToInt(n -> n - 1).sum();
    }

    String summary(Plan plan) {
      return String.format(
          "%s, %d s feed, %d cameras × %.0f fps: %d TaskManager kills, %d Kafka node kills; %d"
              + " frames; %d clips scored (fault-free run: %d; missing %d, not in it %d), %d"
              + " scored more than once (%d extra scores); dead letters %s; caught up %d s after"
              + " the feed; faults: %s",
          plan.delivery(),
          plan.feed().toSeconds(),
          plan.cameras(),
          plan.fps(),
          taskManagerKills(),
          brokerKills(),
          framesPerCamera.values().stream().mapToInt(Integer::intValue).sum(),
          scoresPerClip.size(),
          faultFreeScores.size(),
          missing().size(),
          unexpected().size(),
          scoresPerClip.values().stream().filter(n -> n > 1).count(),
          duplicates(),
          deadLetters,
          catchUp.toSeconds(),
          faults);
    }
  }

  private ScoringFaultRun() {}

  /**
   * Kafka ×3 with the bundled topics and a Flink session cluster of one TaskManager with 2 slots,
   * as separate processes under {@code dir}, on the cluster classpath of {@code target/lib}.
   */
  record Clusters(LocalKafkaCluster kafka, LocalFlinkCluster flink) implements AutoCloseable {
    static Clusters start(Path dir, KafkaTopics topics) throws Exception {
      Path lib = Path.of("target", "lib");
      LocalKafkaCluster kafka = LocalKafkaCluster.start(dir.resolve("kafka"), lib, 3);
      try {
        TopicAdmin.createMissing(kafka.bootstrapServers(), topics);
        LocalFlinkCluster flink =
            LocalFlinkCluster.start(
                dir.resolve("flink"),
                lib,
                BuiltArtifacts.freePort(),
                BuiltArtifacts.freePort(),
                1,
                2);
        return new Clusters(kafka, flink);
      } catch (Exception e) {
        kafka.close();
        throw e;
      }
    }

    /**
     * Submits the packaged scoring job over REST with this harness's settings: {@code delivery},
     * transactional ids and consumer group named after {@code name}, and {@code more} (KEY=VALUE).
     */
    String submitScoring(String delivery, String name, String... more) throws Exception {
      String id = "faults-" + name.toLowerCase();
      List<String> settings =
          new ArrayList<>(
              List.of(
                  "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "kafka.sink.delivery-guarantee=" + delivery,
                  "kafka.sink.transactional-id-prefix=" + id,
                  "kafka.consumer.group-id=" + id,
                  "kafka.consumer.starting-offsets=EARLIEST",
                  // Partitions without a camera must not hold event time back.
                  "scoring.watermark.idleness=1s",
                  // No idle flush: it ends a camera's tracks after a stall in processing time (an
                  // outage longer than it), which would make the clips depend on when faults hit.
                  // Every run leaves each camera's last second untracked (IdleCamerasITCase covers
                  // the flush).
                  "scoring.camera.idle-flush=0s",
                  "execution.checkpointing.interval=2s",
                  "restart-strategy.type=fixed-delay",
                  "restart-strategy.fixed-delay.attempts=1000",
                  "restart-strategy.fixed-delay.delay=1s"));
      settings.addAll(List.of(more));
      List<String> args = new ArrayList<>(List.of("scoring"));
      settings.forEach(setting -> args.addAll(List.of("-D", setting)));
      return flink.submit(BuiltArtifacts.jobJar(), "io.emostream.jobs.JobsMain", args);
    }

    @Override
    public void close() throws InterruptedException {
      try {
        flink.close();
      } finally {
        kafka.close();
      }
    }
  }

  static Outcome run(Path dir, Plan plan) throws Exception {
    KafkaTopics topics = KafkaTopics.bundled();
    List<String> faults = new CopyOnWriteArrayList<>();
    try (Clusters clusters = Clusters.start(dir, topics)) {
      LocalKafkaCluster kafka = clusters.kafka();
      LocalFlinkCluster flink = clusters.flink();
      String job = clusters.submitScoring(plan.delivery(), plan.delivery());
      List<CameraSpec> cameras = cameras(dir, plan);
      Settings ingestConf =
          Settings.of(
              Map.of(
                  IngestOptions.CONSENT_PURPOSE.key(),
                  "fault-test",
                  IngestOptions.CLAIM_CHECK_STORE.key(),
                  dir.resolve("blobs").toString(),
                  // Wait for Kafka rather than drop (the default, for live video): a leader's
                  // failover takes a session timeout, and this run counts every frame.
                  IngestOptions.ON_BACKPRESSURE.key(),
                  "BLOCK"));
      Instant feedStart = Instant.now();
      ExecutorService injector = Executors.newSingleThreadExecutor(r -> new Thread(r, "faults"));
      Future<?> injecting;
      List<Long> published;
      try (Ingest ingest =
          Ingest.start(
              cameras,
              ingestConf,
              new KafkaTarget(kafka.bootstrapServers(), new Properties(), topics))) {
        injecting =
            injector.submit(
                () -> {
                  inject(plan, flink, kafka, topics, feedStart, faults);
                  return null;
                });
        published = ingest.await();
        injecting.get();
      } finally {
        injector.shutdownNow();
      }
      Instant feedEnd = Instant.now();
      Map<String, Integer> frames = readFrames(kafka.bootstrapServers(), topics.frames().name());
      assertThat(frames.values().stream().mapToLong(Integer::longValue).sum())
          .as("frames on the topic, as ingest published them")
          .isEqualTo(published.stream().mapToLong(Long::longValue).sum());
      Map<String, Integer> scores =
          readScoresUntilStable(
              kafka.bootstrapServers(),
              topics.emotionScores().name(),
              Duration.ofSeconds(15),
              flink,
              job);
      Duration catchUp = Duration.between(feedEnd, Instant.now());
      Map<String, Integer> deadLetters =
          readDeadLetters(kafka.bootstrapServers(), topics.deadLetters().name());
      assertThat(flink.state(job)).as("the job after the faults").isEqualTo("RUNNING");
      flink.cancel(job);

      Map<String, Integer> faultFree =
          plan.compareWithFaultFree() ? faultFreeScores(dir, clusters) : Map.of();

      Outcome outcome =
          new Outcome(List.copyOf(faults), frames, scores, faultFree, deadLetters, catchUp);
      System.out.println(outcome.summary(plan));
      if (plan.compareWithFaultFree()
          && (!outcome.missing().isEmpty() || !outcome.unexpected().isEmpty())) {
        Path kept = Path.of("target", "fault-run-logs", plan.delivery());
        Files.createDirectories(kept);
        try (var logs = Files.list(dir.resolve("flink/logs"))) {
          for (Path log : logs.toList()) {
            Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        System.out.println(
            "missing: "
                + outcome.missing()
                + "\nnot in the fault-free run: "
                + outcome.unexpected());
      }
      return outcome;
    }
  }

  /**
   * The same frames through a job without faults, into topics of its own: a backlog, with no outage
   * to wait out, so the final flush may come soon.
   */
  private static Map<String, Integer> faultFreeScores(Path dir, Clusters clusters)
      throws Exception {
    Path topicsFile = faultFreeTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    LocalKafkaCluster kafka = clusters.kafka();
    LocalFlinkCluster flink = clusters.flink();
    TopicAdmin.createMissing(kafka.bootstrapServers(), topics);
    String job =
        clusters.submitScoring("EXACTLY_ONCE", "fault-free", "kafka.topics-file=" + topicsFile);
    Map<String, Integer> scores =
        readScoresUntilStable(
            kafka.bootstrapServers(),
            topics.emotionScores().name(),
            Duration.ofSeconds(10),
            flink,
            job);
    System.out.println(
        "fault-free dead letters: "
            + readDeadLetters(kafka.bootstrapServers(), topics.deadLetters().name()));
    flink.cancel(job);
    return scores;
  }

  /** The bundled topics with every topic but the frames renamed {@code fault-free.*}. */
  private static Path faultFreeTopics(Path dir) throws Exception {
    String yaml;
    try (var in =
        KafkaTopics.class.getResourceAsStream("/io/emostream/schemas/topic/topics.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String frames = KafkaTopics.bundled().frames().name();
    yaml =
        yaml.replace("name: emostream.", "name: fault-free.emostream.")
            .replace("name: fault-free." + frames, "name: " + frames);
    return Files.writeString(dir.resolve("fault-free-topics.yaml"), yaml);
  }

  /** Cameras playing an image folder in real time, edge face boxes on (the edge-box pipeline). */
  private static List<CameraSpec> cameras(Path dir, Plan plan) throws Exception {
    int frames = (int) Math.round(plan.feed().toMillis() / 1000.0 * plan.fps());
    Settings conf =
        Settings.of(
            Map.of(
                IngestOptions.FPS.key(), String.valueOf(plan.fps()),
                IngestOptions.REALTIME.key(), "true",
                IngestOptions.EDGE_FACES.key(), "BOXES",
                IngestOptions.CONSENT_PURPOSE.key(), "fault-test"));
    List<CameraSpec> specs = new ArrayList<>();
    for (int c = 0; c < plan.cameras(); c++) {
      Path folder = Files.createDirectories(dir.resolve("camera-" + c));
      List<byte[]> loop = SampleFrames.jpegLoop(LOOP, c, 0.85f);
      for (int i = 0; i < LOOP; i++) {
        Files.write(folder.resolve(String.format("loop-%02d.jpg", i)), loop.get(i));
      }
      for (int i = 0; i < frames; i++) { // links: a long feed costs no disk
        Files.createLink(
            folder.resolve(String.format("f%06d.jpg", i)),
            folder.resolve(String.format("loop-%02d.jpg", i % LOOP)));
      }
      for (int i = 0; i < LOOP; i++) {
        Files.delete(folder.resolve(String.format("loop-%02d.jpg", i)));
      }
      specs.add(CameraSpec.of("fault-cam-" + c, folder.toString(), conf));
    }
    return specs;
  }

  /**
   * Kills TaskManagers at random times and Kafka nodes on the plan's schedule, until the feed ends.
   */
  private static void inject(
      Plan plan,
      LocalFlinkCluster flink,
      LocalKafkaCluster kafka,
      KafkaTopics topics,
      Instant start,
      List<String> faults)
      throws Exception {
    Random random = new Random(plan.seed());
    Instant end = start.plus(plan.feed());
    List<Duration> brokerKills = new ArrayList<>(plan.brokerKills());
    Instant nextTaskManagerKill = start.plus(randomWait(plan, random));
    int taskManager = 0;
    Integer killedNode = null;
    Instant restartNode = null;
    while (Instant.now().isBefore(end)) {
      Instant now = Instant.now();
      long at = Duration.between(start, now).toSeconds();
      if (plan.killEvery() != null && now.isAfter(nextTaskManagerKill)) {
        flink.killTaskManager(taskManager++); // SIGKILL: open transactions are never committed
        flink.startTaskManager();
        faults.add(at + " s: TaskManager SIGKILL");
        nextTaskManagerKill = now.plus(randomWait(plan, random));
      }
      if (!brokerKills.isEmpty()
          && Duration.between(start, now).compareTo(brokerKills.get(0)) >= 0) {
        brokerKills.remove(0);
        String camera = "fault-cam-0";
        int partition =
            Utils.toPositive(Utils.murmur2(camera.getBytes(StandardCharsets.UTF_8)))
                % topics.frames().partitions();
        killedNode = kafka.leaderOf(topics.frames().name(), partition);
        kafka.kill(killedNode);
        restartNode = now.plusSeconds(15);
        faults.add(
            at + " s: Kafka node " + killedNode + " SIGKILL (leader of frames-" + partition + ")");
      }
      if (restartNode != null && now.isAfter(restartNode)) {
        kafka.startNode(killedNode);
        faults.add(at + " s: Kafka node " + killedNode + " restarted");
        restartNode = null;
      }
      Thread.sleep(200);
    }
    if (restartNode != null) {
      kafka.startNode(killedNode);
    }
    kafka.awaitBrokers(kafka.size(), Duration.ofMinutes(1));
  }

  private static Duration randomWait(Plan plan, Random random) {
    if (plan.killEvery() == null) {
      return Duration.ofDays(1);
    }
    long min = plan.killEvery()[0].toMillis();
    long max = plan.killEvery()[1].toMillis();
    return Duration.ofMillis(min + (long) (random.nextDouble() * (max - min)));
  }

  /** Frames per camera on the topic; every frame must carry exactly one face (the sample face). */
  private static Map<String, Integer> readFrames(String bootstrap, String topic) throws Exception {
    AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Long> sequences = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic, "read_uncommitted")) {
      for (ConsumerRecord<byte[], byte[]> r : readToEnd(consumer)) {
        FrameEvent f = codec.decode(r.value());
        assertThat(f.getFaces()).as("edge faces of frame %d", f.getSequence()).hasSize(1);
        String camera = f.getCameraId();
        long sequence = sequences.getOrDefault(camera, -1L);
        assertThat(f.getSequence())
            .as("frames of %s in order, none twice", camera)
            .isGreaterThan(sequence);
        sequences.put(camera, f.getSequence());
        counts.merge(camera, 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * Scores per clip key, read with read_committed until the topic's end offsets have not moved for
   * {@code quiet} while the job was running and completed at least two checkpoints (so whatever it
   * had scored is committed), and the reader is at them.
   */
  static Map<String, Integer> readScoresUntilStable(
      String bootstrap, String topic, Duration quiet, LocalFlinkCluster flink, String job)
      throws Exception {
    AvroCodec<EmotionScore> codec = AvroCodec.of(EmotionScore.class);
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic, "read_committed")) {
      Map<TopicPartition, Long> lastEnd = Map.of();
      long stableSince = System.nanoTime();
      int checkpointsThen = -1;
      long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          EmotionScore s = codec.decode(r.value());
          counts.merge(key(s.getTrackId(), s.getWindowStart().toEpochMilli()), 1, Integer::sum);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        boolean atEnd =
            end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        int checkpoints = "RUNNING".equals(flink.state(job)) ? flink.completedCheckpoints(job) : -1;
        if (!end.equals(lastEnd) || !atEnd || checkpoints < 0 || checkpointsThen < 0) {
          lastEnd = end;
          stableSince = System.nanoTime();
          checkpointsThen = checkpoints;
        } else if (System.nanoTime() - stableSince > quiet.toNanos()
            && checkpoints >= checkpointsThen + 2) {
          return counts;
        }
      }
      throw new AssertionError("scores still arriving after 6 minutes: " + counts.size());
    }
  }

  /** Dead letters by reason. */
  static Map<String, Integer> readDeadLetters(String bootstrap, String topic) throws Exception {
    AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
    Map<String, Integer> reasons = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic, "read_committed")) {
      for (ConsumerRecord<byte[], byte[]> r : readToEnd(consumer)) {
        reasons.merge(codec.decode(r.value()).getReason().toString(), 1, Integer::sum);
      }
    }
    return reasons;
  }

  private static Collection<ConsumerRecord<byte[], byte[]>> readToEnd(
      KafkaConsumer<byte[], byte[]> consumer) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      consumer.poll(Duration.ofMillis(500)).forEach(all::add);
    }
    all.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    return all;
  }

  static String key(String trackId, long windowStartMillis) {
    return trackId + "@" + windowStartMillis;
  }

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }
}
