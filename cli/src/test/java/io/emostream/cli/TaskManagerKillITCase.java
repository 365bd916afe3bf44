package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cluster.LocalFlinkCluster;
import io.emostream.kafka.embedded.TestKafka;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes, on a cluster of separate processes: the packaged job scores a backlog
 * of one camera's frames while its TaskManager is SIGKILLed twice (a new one started each time); a
 * read_committed consumer then finds every clip's score exactly once. The same run with
 * AT_LEAST_ONCE finds duplicates, so the check can fail.
 */
class TaskManagerKillITCase {
  private static final int FRAMES = 1600;
  private static final int CLIP = 16;
  private static final int STRIDE = 8;

  /**
   * Clips the backlog yields: event time passes a frame only when a frame 1 s later
   * (scoring.watermark.out-of-orderness) has been read, so the last second (10 frames) waits for
   * frames that never come.
   */
  private static final int EXPECTED_CLIPS = (FRAMES - 10 - CLIP) / STRIDE + 1;

  @TempDir Path dir;

  @Test
  void exactlyOnceSurvivesTaskManagerKills() throws Exception {
    Map<String, Integer> counts = runWithKills("EXACTLY_ONCE");
    assertThat(counts).hasSize(EXPECTED_CLIPS);
    assertThat(counts.values()).as("scores per clip").containsOnly(1);
  }

  @Test
  void atLeastOnceRepeatsScoresAfterTheSameKills() throws Exception {
    Map<String, Integer> counts = runWithKills("AT_LEAST_ONCE");
    assertThat(counts.values()).as("some clip scored twice").anyMatch(n -> n > 1);
  }

  /** Scores per clip (track and window) read back after the job caught up. */
  private Map<String, Integer> runWithKills(String delivery) throws Exception {
    Files.createDirectories(dir.resolve(delivery));
    Path topicsFile = TestKafka.freshTopics(dir.resolve(delivery));
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    publishBacklog(topics.frames().name());
    try (LocalFlinkCluster cluster =
        LocalFlinkCluster.start(
            dir.resolve(delivery).resolve("cluster"),
            Path.of("target", "lib"),
            BuiltArtifacts.freePort(),
            BuiltArtifacts.freePort(),
            1,
            2)) {
      String job =
          cluster.submit(
              BuiltArtifacts.jobJar(),
              "io.emostream.jobs.JobsMain",
              List.of(
                  "scoring",
                  "-D",
                  "kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                  "-D",
                  "kafka.topics-file=" + topicsFile,
                  "-D",
                  "kafka.sink.delivery-guarantee=" + delivery,
                  "-D",
                  "kafka.sink.transactional-id-prefix=kill-" + delivery.toLowerCase(),
                  "-D",
                  "kafka.consumer.group-id=kill-" + delivery.toLowerCase(),
                  "-D",
                  "kafka.consumer.starting-offsets=EARLIEST",
                  "-D",
                  "scoring.watermark.idleness=1s",
                  "-D",
                  "execution.checkpointing.interval=2s",
                  "-D",
                  "restart-strategy.type=fixed-delay",
                  "-D",
                  "restart-strategy.fixed-delay.attempts=20",
                  "-D",
                  "restart-strategy.fixed-delay.delay=1s"));
      try (KafkaConsumer<byte[], byte[]> scores = consumer(topics.emotionScores().name())) {
        Map<String, Integer> counts = new HashMap<>();
        int tm = 0;
        for (int kill = 0; kill < 2; kill++) {
          int before = readFor(scores, counts, Duration.ofSeconds(60), 20 + 40 * kill);
          assertThat(before).as("scores before kill %d", kill + 1).isPositive();
          cluster.killTaskManager(tm++); // SIGKILL: in-flight transactions are never committed
          cluster.startTaskManager();
        }
        // Caught up: the expected clips are there and nothing new arrives for a while.
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
          int n = counts.size();
          readFor(scores, counts, Duration.ofSeconds(8), Integer.MAX_VALUE);
          if (counts.size() == n && n >= EXPECTED_CLIPS) {
            break;
          }
        }
        assertThat(cluster.state(job)).isEqualTo("RUNNING");
        cluster.cancel(job);
        System.out.printf(
            "%s after 2 TaskManager kills: %d clips scored, %d of them more than once (%d extra"
                + " scores)%n",
            delivery,
            counts.size(),
            counts.values().stream().filter(n -> n > 1).count(),
            counts.values().stream().mapToInt(n -> n - 1).sum());
        return counts;
      }
    }
  }

  /** Reads committed scores for at most {@code time} or until {@code enough} distinct clips. */
  private static int readFor(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<String, Integer> counts,
      Duration time,
      int enough)
      throws Exception {
    AvroCodec<EmotionScore> codec = AvroCodec.of(EmotionScore.class);
    long deadline = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < deadline && counts.size() < enough) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        EmotionScore s = codec.decode(r.value());
        counts.merge(s.getTrackId() + "@" + s.getWindowStart().toEpochMilli(), 1, Integer::sum);
      }
    }
    return counts.size();
  }

  /** One camera, FRAMES frames 100 ms apart (a backlog), one edge face box on every frame. */
  private static void publishBacklog(String topic) throws Exception {
    List<byte[]> loop = SampleFrames.jpegLoop(24, 0, 0.85f);
    AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
    long t0 = Instant.now().minus(Duration.ofMinutes(20)).toEpochMilli();
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (int i = 0; i < FRAMES; i++) {
        long capture = t0 + 100L * i;
        FrameEvent frame =
            FrameEvent.newBuilder()
                .setCameraId("kill-cam")
                .setSequence(i)
                .setCaptureTime(Instant.ofEpochMilli(capture))
                .setWidth(SampleFrames.SIDE)
                .setHeight(SampleFrames.SIDE)
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(loop.get(i % loop.size())))
                .setFaces(List.of(new FaceBox(128f, 96f, 256f, 320f, 0.99f)))
                .setConsent(new StreamConsent(ConsentScope.ANALYTICS, "fault-test"))
                .build();
        producer.send(
            new ProducerRecord<>(topic, 0, capture, "kill-cam".getBytes(), codec.encode(frame)));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }
}
