package io.emostream.jobs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.AnalyticsOptions;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.AggregateScope;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The analytics job on a MiniCluster against a real broker: one call that turns angry. */
class AnalyticsJobITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  @TempDir Path dir;

  @Test
  void aggregatesACallPerCameraAndPerSessionAndAlertsOnce() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
    AvroCodec<EmotionScore> codec = AvroCodec.of(EmotionScore.class);
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (int i = 0; i < 70; i++) { // 56 s of one call: 20 calm clips, then 50 angry
        Expression top = i < 20 ? Expression.NEUTRAL : Expression.ANGRY;
        Instant end = t0.plusMillis(1600 + 800L * i);
        float[] p = new float[7];
        p[top.ordinal()] = 1;
        EmotionScore s =
            EmotionScore.newBuilder()
                .setCameraId("desk-1")
                .setSessionId("call-7")
                .setTrackId("desk-1/t1")
                .setWindowStart(end.minusMillis(1600))
                .setWindowEnd(end)
                .setFrameCount(16)
                .setDistribution(Distributions.of(p))
                .setTopClass(top)
                .setConfidence(1)
                .setAmbiguity(0)
                .setModelVersion("m")
                .setProcessingLatencyMillis(0)
                .build();
        producer
            .send(
                new ProducerRecord<>(
                    topics.emotionScores().name(),
                    0,
                    end.toEpochMilli(),
                    "desk-1".getBytes(),
                    codec.encode(s)))
            .get();
      }
      producer
          .send(new ProducerRecord<>(topics.emotionScores().name(), 0, null, "not avro".getBytes()))
          .get();
    }

    Configuration conf =
        Configuration.fromMap(
            Map.of(
                KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers(),
                KafkaOptions.TOPICS_FILE.key(), topicsFile.toString(),
                KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST",
                KafkaOptions.DELIVERY.key(), "AT_LEAST_ONCE",
                AnalyticsOptions.ALERT_RULES.key(), "anger: ANGRY >= 0.5 for 30s CRITICAL"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    AnalyticsJob.onKafka(conf, true).build(env);
    env.execute("analytics-it");

    List<EmotionAlert> alerts =
        TestKafka.readValues(
            topics.emotionAlerts().name(),
            AvroCodec.of(EmotionAlert.class),
            1,
            Duration.ofSeconds(20));
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.getRule()).isEqualTo("anger"));

    List<EmotionAggregate> aggregates =
        TestKafka.readValues(
            topics.emotionAggregates().name(),
            AvroCodec.of(EmotionAggregate.class),
            2,
            Duration.ofSeconds(20));
    assertThat(aggregates)
        .filteredOn(a -> a.getScope() == AggregateScope.SESSION)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getClips()).isEqualTo(70);
              assertThat(a.getDominant()).isEqualTo(Expression.ANGRY);
              assertThat(a.getShare().getAngry()).isEqualTo(50 / 70f);
            });
    assertThat(
            aggregates.stream()
                .filter(a -> a.getScope() == AggregateScope.CAMERA)
                .mapToInt(EmotionAggregate::getClips)
                .sum())
        .isEqualTo(70);

    assertThat(
            TestKafka.readValues(
                topics.deadLetters().name(),
                AvroCodec.of(DeadLetter.class),
                1,
                Duration.ofSeconds(20)))
        .extracting(DeadLetter::getReason)
        .containsExactly(DeadLetterReason.NOT_AVRO_SINGLE_OBJECT);
  }
}
