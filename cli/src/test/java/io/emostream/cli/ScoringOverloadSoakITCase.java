package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cluster.LocalFlinkCluster;
import io.emostream.kafka.embedded.LocalKafkaCluster;
import io.emostream.model.sample.SampleFrames;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.StreamConsent;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload on a cluster of processes (Maven profile {@code fault-soak}): the job's sustainable rate
 * is measured first (a backlog after a warm-up one, timed by the offsets it commits), then live
 * cameras send a quarter of it, twice it for {@code emostream.soak.overload-seconds} (90 s), and a
 * quarter again until the backlog is gone. Backpressure must hold the TaskManager's heap and RSS
 * flat, every full clip of every camera must be scored exactly once, and latency must come back to
 * what it was.
 */
@EnabledIfSystemProperty(named = "emostream.soak", matches = "true")
class ScoringOverloadSoakITCase {
  private static final int FPS = 10;
  private static final String GROUP = "faults-exactly_once";

  @TempDir Path dir;

  private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> sent = new ConcurrentHashMap<>();
  private final Map<String, Long> firstCapture = new ConcurrentHashMap<>();

  @Test
  void backpressureHoldsMemoryFlatLosesNothingAndLatencyRecovers() throws Exception {
    Duration overload = Duration.ofSeconds(Long.getLong("emostream.soak.overload-seconds", 90));
    // The probe (a backlog timed by committed offsets) underestimates the live rate: a factor
    // above 2 makes sure the overload exceeds what the job scores.
    double factor = Double.parseDouble(System.getProperty("emostream.soak.overload-factor", "2"));
    KafkaTopics topics = KafkaTopics.bundled();
    try (ScoringFaultRun.Clusters clusters = ScoringFaultRun.Clusters.start(dir, topics);
        KafkaProducer<byte[], byte[]> producer = producer(clusters.kafka().bootstrapServers())) {
      LocalKafkaCluster kafka = clusters.kafka();
      LocalFlinkCluster flink = clusters.flink();
      String job = clusters.submitScoring("EXACTLY_ONCE", "EXACTLY_ONCE");
      String frames = topics.frames().name();
      byte[] jpeg = SampleFrames.jpegLoop(1, 0, 0.85f).get(0);

      // 1. Sustainable rate: a warm-up backlog, then a timed one (20 cameras × 150 frames),
      // timed by the offsets the job commits. The warm-up keeps JIT and model start-up out of it.
      long now = System.currentTimeMillis();
      for (int c = 0; c < 10; c++) {
        for (int i = 0; i < 100; i++) {
          send(producer, frames, "warm-" + c, i, now - 90_000 + 100L * i, jpeg);
        }
      }
      producer.flush();
      measureCapacity(kafka.bootstrapServers(), frames, 1000);
      for (int c = 0; c < 20; c++) {
        for (int i = 0; i < 150; i++) {
          send(producer, frames, "probe-" + c, i, now - 60_000 + 100L * i, jpeg);
        }
      }
      producer.flush();
      double capacity = measureCapacity(kafka.bootstrapServers(), frames, 4000, 1000);
      System.out.printf("sustainable rate: %.0f frames/s%n", capacity);

      // 2. Live: a quarter of it, twice it, a quarter again until the backlog is gone.
      int quiet = Math.max(1, (int) Math.round(capacity / 4 / FPS));
      int loud = Math.max(quiet + 1, (int) Math.round(capacity * factor / FPS));
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = sampler(flink, kafka.bootstrapServers(), frames, sampling);
      Map<String, Integer> cameraTicks = new TreeMap<>();
      long start = System.currentTimeMillis();
      long overloadStart = start + 45_000;
      long overloadEnd = overloadStart + overload.toMillis();
      long deadline = overloadEnd + Duration.ofMinutes(6).toMillis();
      long backToNormal = -1;
      for (long tick = 0; ; tick++) {
        long t = start + tick * 100;
        long wait = t - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        int cameras = t >= overloadStart && t < overloadEnd ? loud : quiet;
        for (int c = 0; c < cameras; c++) {
          String camera = "live-" + c;
          int sequence = cameraTicks.merge(camera, 1, Integer::sum) - 1;
          long capture = firstCapture.computeIfAbsent(camera, k -> t) + 100L * sequence;
          send(producer, frames, camera, sequence, capture, jpeg);
        }
        if (t > overloadEnd && backToNormal < 0 && lag(kafka.bootstrapServers(), frames) < loud) {
          backToNormal = t;
        }
        if ((backToNormal > 0 && t > backToNormal + 45_000) || t > deadline) {
          break;
        }
      }
      producer.flush();
      long feedEnd = System.currentTimeMillis();
      Map<String, Integer> scores =
          ScoringFaultRun.readScoresUntilStable(
              kafka.bootstrapServers(),
              topics.emotionScores().name(),
              Duration.ofSeconds(25),
              flink,
              job);
      sampling.set(false);
      sampler.join();
      Map<String, Integer> deadLetters =
          ScoringFaultRun.readDeadLetters(kafka.bootstrapServers(), topics.deadLetters().name());
      List<long[]> latencies = latencies(kafka.bootstrapServers(), topics.emotionScores().name());
      assertThat(flink.state(job)).isEqualTo("RUNNING");
      flink.cancel(job);

      report(capacity, quiet, loud, start, overloadStart, overloadEnd, backToNormal, feedEnd);
      long before = percentile(latencies, start + 15_000, overloadStart, 50);
      long after = percentile(latencies, backToNormal + 15_000, feedEnd, 50);
      System.out.printf(
          "latency p50: %d ms before the overload, %d ms after it (p99 %d / %d ms); peak %d ms%n",
          before,
          after,
          percentile(latencies, start + 15_000, overloadStart, 99),
          percentile(latencies, backToNormal + 15_000, feedEnd, 99),
          percentile(latencies, overloadStart, backToNormal, 100));

      assertThat(backToNormal).as("the backlog drained within 6 minutes").isPositive();
      assertThat(deadLetters).isEmpty();
      List<String> expected = expectedClips();
      assertThat(scores).containsKeys(expected.toArray(String[]::new));
      assertThat(scores.size()).isLessThanOrEqualTo(expected.size() + sent.size());
      assertThat(scores.values()).as("scores per clip").containsOnly(1);
      assertThat(after).as("median latency back to normal").isLessThan(2 * before + 1_000);
      long rssBefore = max(overloadStart - 15_000, overloadStart, 2);
      long rssDuring = max(overloadStart, backToNormal, 2);
      assertThat(rssDuring).as("TaskManager RSS during overload").isLessThan(rssBefore * 5 / 4);
    }
  }

  /**
   * Every camera's full 16-frame windows, every 8 frames, up to its last second: one track each (a
   * fixed face box).
   */
  private List<String> expectedClips() {
    List<String> keys = new ArrayList<>();
    sent.forEach(
        (camera, n) -> {
          // A frame is tracked once its camera has one more than 1 s newer (no idle flush here):
          // the last 11 frames stay untracked.
          for (int first = 0; first + 16 <= n - FPS - 1; first += 8) {
            keys.add(ScoringFaultRun.key(camera + "/t1", firstCapture.get(camera) + 100L * first));
          }
        });
    return keys;
  }

  private void send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      String camera,
      int sequence,
      long capture,
      byte[] jpeg) {
    firstCapture.putIfAbsent(camera, capture);
    sent.merge(camera, 1, Integer::sum);
    FrameEvent frame =
        FrameEvent.newBuilder()
            .setCameraId(camera)
            .setSequence(sequence)
            .setCaptureTime(java.time.Instant.ofEpochMilli(capture))
            .setWidth(SampleFrames.SIDE)
            .setHeight(SampleFrames.SIDE)
            .setEncoding(FrameEncoding.JPEG)
            .setPayload(ByteBuffer.wrap(jpeg))
            .setFaces(List.of(new FaceBox(128f, 96f, 256f, 320f, 0.99f)))
            .setConsent(new StreamConsent(ConsentScope.ANALYTICS, "overload-test"))
            .build();
    producer.send(
        new ProducerRecord<>(
            topic,
            null,
            capture,
            camera.getBytes(StandardCharsets.UTF_8),
            AvroCodec.of(FrameEvent.class).encode(frame)));
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Frames/s between the job's first offset commit and the one that reaches {@code total}. */
  private static double measureCapacity(String bootstrap, String topic, long total)
      throws Exception {
    return measureCapacity(bootstrap, topic, total, 0);
  }

  /**
   * Frames/s between the first offset commit above {@code from} and the one that reaches {@code
   * total}.
   */
  private static double measureCapacity(String bootstrap, String topic, long total, long from)
      throws Exception {
    long firstAt = -1;
    long firstDone = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      long done = committed(bootstrap, topic);
      if (firstAt < 0 && done > from) {
        firstAt = System.nanoTime();
        firstDone = done;
      }
      if (done >= total && firstAt > 0) {
        return (done - firstDone) / ((System.nanoTime() - firstAt) / 1e9);
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the job did not read the backlog within 5 minutes");
  }

  private static long committed(String bootstrap, String topic) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  private static long lag(String bootstrap, String topic) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (int i = 0; i < partitions; i++) {
        latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      long end =
          admin.listOffsets(latest).all().get().values().stream().mapToLong(r -> r.offset()).sum();
      return end - committed(bootstrap, topic);
    }
  }

  private static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(p);
  }

  /** Every 5 s: time, TaskManager heap used, TaskManager RSS, frames not yet committed. */
  private Thread sampler(
      LocalFlinkCluster flink, String bootstrap, String topic, AtomicBoolean running) {
    Thread t =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  long heap = flink.taskManagerMetric("Status.JVM.Memory.Heap.Used");
                  long rss = rssBytes(flink.taskManager(0).pid());
                  samples.add(
                      new long[] {System.currentTimeMillis(), heap, rss, lag(bootstrap, topic)});
                  Thread.sleep(5_000);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  System.out.println("sample failed: " + e.getMessage());
                }
              }
            },
            "memory-sampler");
    t.start();
    return t;
  }

  private static long rssBytes(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return -1;
  }

  /** The largest sample of column {@code column} taken between two times. */
  private long max(long from, long to, int column) {
    synchronized (samples) {
      return samples.stream()
          .filter(s -> s[0] >= from && s[0] < to)
          .mapToLong(s -> s[column])
          .max()
          .orElse(0);
    }
  }

  /** (window end, processing latency) of every committed score. */
  private static List<long[]> latencies(String bootstrap, String topic) throws Exception {
    AvroCodec<EmotionScore> codec = AvroCodec.of(EmotionScore.class);
    List<long[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        ScoringFaultRun.consumer(bootstrap, topic, "read_committed")) {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          EmotionScore s = codec.decode(r.value());
          if (s.getCameraId().startsWith("live-")) {
            out.add(new long[] {s.getWindowEnd().toEpochMilli(), s.getProcessingLatencyMillis()});
          }
        }
      }
    }
    return out;
  }

  private static long percentile(List<long[]> latencies, long from, long to, int p) {
    long[] sorted =
        latencies.stream()
            .filter(l -> l[0] >= from && l[0] < to)
            .mapToLong(l -> l[1])
            .sorted()
            .toArray();
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private void report(
      double capacity,
      int quiet,
      int loud,
      long start,
      long overloadStart,
      long overloadEnd,
      long backToNormal,
      long feedEnd) {
    System.out.printf(
        "overload: %d cameras × %d fps (%.1f× the sustainable %.0f frames/s) for %d s between"
            + " %d cameras (%.2f×); backlog gone %d s after the overload ended%n",
        loud,
        FPS,
        loud * FPS / capacity,
        capacity,
        (overloadEnd - overloadStart) / 1000,
        quiet,
        quiet * FPS / capacity,
        (backToNormal - overloadEnd) / 1000);
    System.out.println("seconds, TaskManager heap used MiB, TaskManager RSS MiB, frames behind");
    synchronized (samples) {
      for (long[] s : samples) {
        String phase = s[0] < overloadStart ? "quiet" : s[0] < overloadEnd ? "OVERLOAD" : "after";
        System.out.printf(
            "%4d, %5d, %5d, %6d  %s%n", (s[0] - start) / 1000, s[1] >> 20, s[2] >> 20, s[3], phase);
      }
    }
    System.out.printf("feed ended %d s after the start%n", (feedEnd - start) / 1000);
    List<long[]> during;
    synchronized (samples) {
      during = samples.stream().filter(x -> x[0] >= overloadStart && x[0] < overloadEnd).toList();
    }
    if (during.size() >= 2) {
      long[] first = during.get(0);
      long[] last = during.get(during.size() - 1);
      double seconds = (last[0] - first[0]) / 1000.0;
      double growth = (last[3] - first[3]) / seconds;
      // What the job scored live while overloaded: offered minus the growth of the backlog. Where
      // the backlog did not grow, the job kept up and this is only a lower bound.
      System.out.printf(
          "during the overload: %d frames/s offered, frames behind %d → %d in %.0f s: the job"
              + " scored %s%.0f frames/s%n",
          loud * FPS,
          first[3],
          last[3],
          seconds,
          growth > 0 ? "about " : "at least ",
          growth > 0 ? loud * FPS - growth : loud * FPS);
    }
  }
}
