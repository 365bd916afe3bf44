package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.frames.FrameEvents;
import io.emostream.jobs.frames.HostileFrames;
import io.emostream.jobs.frames.HostileFrames.Hostile;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.CameraFrameStats;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz corpus ({@link HostileFrames}, over a hundred records) replayed through the running
 * scoring job on a MiniCluster and a real broker, in one partition between the frames of a healthy
 * camera: every hostile record is dead-lettered with its reason or dropped as documented, the job
 * never fails (restarts are off, so one task failure would fail it), and the healthy camera is
 * scored completely, also after records stamped an hour ahead.
 */
class HostileInputITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  private static final int HEALTHY_FRAMES = 48;

  @TempDir Path dir;

  @Test
  void theCorpusIsDeadLetteredWithoutARestartWhileAHealthyCameraKeepsBeingScored()
      throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    String frames = topics.frames().name();
    Instant now = Instant.now();
    long maxPayload = 1 << 20;
    List<Hostile> corpus =
        HostileFrames.corpus(now, dir.resolve("store"), dir.resolve("elsewhere"), maxPayload);
    // The healthy camera's frames are newer than every plausible hostile one, so only a
    // watermark dragged by a bad timestamp could make them late.
    Instant t0 = now.minusSeconds(9);

    Map<Long, Hostile> byOffset = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (int i = 0; i < HEALTHY_FRAMES; i++) {
        if (i == 16) {
          for (Hostile h : corpus) {
            long offset =
                producer
                    .send(new ProducerRecord<>(frames, 0, h.timestamp(), h.key(), h.value()))
                    .get()
                    .offset();
            byOffset.put(offset, h);
          }
        }
        FrameEvent good = FrameEvents.frame("cam-ok", i, t0.plusMillis(100L * i));
        producer
            .send(
                new ProducerRecord<>(
                    frames,
                    0,
                    good.getCaptureTime().toEpochMilli(),
                    "cam-ok".getBytes(),
                    AvroCodec.of(FrameEvent.class).encode(good)))
            .get();
      }
    }

    Configuration conf = new Configuration();
    conf.setString(KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers());
    conf.setString(KafkaOptions.TOPICS_FILE.key(), topicsFile.toString());
    conf.setString(KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST");
    conf.setString(KafkaOptions.DELIVERY.key(), "AT_LEAST_ONCE");
    conf.setString(ScoringOptions.CLAIM_CHECK_ROOTS.key(), dir.resolve("store").toString());
    conf.setString(ScoringOptions.FRAME_MAX_PAYLOAD.key(), maxPayload + "b");
    conf.setString(ScoringOptions.CLIP_FRAMES.key(), "8");
    conf.setString(ScoringOptions.CLIP_STRIDE.key(), "4");
    conf.setString(ScoringOptions.STATS_WINDOW.key(), "10s");
    conf.setString(RestartStrategyOptions.RESTART_STRATEGY.key(), "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    ScoringJob.onKafka(conf, true).build(env);
    env.execute("hostile-input-it"); // throws if any task failed: restarts are off

    long expectedLetters = corpus.stream().filter(h -> h.expected() != null).count();
    AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
    List<ConsumerRecord<byte[], byte[]>> raw =
        TestKafka.readAll(
            topics.deadLetters().name(), (int) expectedLetters, Duration.ofSeconds(60));
    Map<Long, DeadLetter> letters = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : raw) {
      DeadLetter d = decode(codec, r.value());
      assertThat(d.getReason()).as(d.getDetail()).isNotEqualTo(DeadLetterReason.LATE_EVENT);
      assertThat(letters.put(d.getSourceOffset(), d)).as("one letter per record").isNull();
    }
    for (Map.Entry<Long, Hostile> e : byOffset.entrySet()) {
      Hostile h = e.getValue();
      DeadLetter d = letters.get(e.getKey());
      String what = h.category() + ": " + h.name();
      if (h.expected() == null) {
        assertThat(d).as(what + " is dropped without a letter").isNull();
      } else {
        assertThat(d).as(what + " is dead-lettered").isNotNull();
        assertThat(d.getReason()).as(what + ": " + d.getDetail()).isEqualTo(h.expected());
      }
    }
    assertThat(letters).hasSize((int) expectedLetters);

    List<EmotionScore> scores =
        TestKafka.readValues(
            topics.emotionScores().name(),
            AvroCodec.of(EmotionScore.class),
            11,
            Duration.ofSeconds(30));
    // 48 frames, clips of 8 every 4 frames: 0-7, 4-11, ..., 40-47
    assertThat(scores).hasSize(11).allSatisfy(s -> assertThat(s.getCameraId()).isEqualTo("cam-ok"));
    assertThat(scores).allSatisfy(s -> assertThat(s.getTopClass()).isEqualTo(Expression.HAPPY));
    List<CameraFrameStats> stats =
        TestKafka.readValues(
            topics.cameraStats().name(),
            AvroCodec.of(CameraFrameStats.class),
            1,
            Duration.ofSeconds(30));
    assertThat(stats.stream().mapToLong(CameraFrameStats::getFrameCount).sum())
        .isEqualTo(HEALTHY_FRAMES);
  }

  private static DeadLetter decode(AvroCodec<DeadLetter> codec, byte[] value) {
    try {
      return codec.decode(value);
    } catch (RecordDecodeException e) {
      throw new AssertionError(e);
    }
  }
}
