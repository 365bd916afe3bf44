package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/python/consume.py reads scores the Java side wrote: single-object encoding, schema by
 * fingerprint, read_committed. Needs Debian's python3-confluent-kafka and python3-avro, which
 * .ci/run installs.
 */
class PythonConsumerExampleITCase {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Path.of("..", "examples", "python", "consume.py");

  @TempDir Path dir;

  @Test
  void thePythonExampleDecodesScores() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(PYTHON))
            && new ProcessBuilder(PYTHON, "-c", "import avro, confluent_kafka").start().waitFor()
                == 0,
        "Debian's python3-confluent-kafka and python3-avro are not installed");
    String topic = KafkaTopics.load(TestKafka.freshTopics(dir)).emotionScores().name();
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (int i = 0; i < 2; i++) {
        float[] p = new float[7];
        p[Expression.HAPPY.ordinal()] = 0.9f;
        p[Expression.NEUTRAL.ordinal()] = 0.1f;
        EmotionScore s =
            EmotionScore.newBuilder()
                .setCameraId("desk-1")
                .setSessionId(null)
                .setTrackId("desk-1/t" + i)
                .setWindowStart(Instant.parse("2026-11-30T10:00:00Z"))
                .setWindowEnd(Instant.parse("2026-11-30T10:00:01.600Z"))
                .setFrameCount(16)
                .setDistribution(Distributions.of(p))
                .setTopClass(Expression.HAPPY)
                .setConfidence(0.9f)
                .setAmbiguity(0.2f)
                .setModelVersion("m1")
                .setProcessingLatencyMillis(1400)
                .build();
        producer
            .send(new ProducerRecord<>(topic, AvroCodec.of(EmotionScore.class).encode(s)))
            .get();
      }
    }
    Process python =
        new ProcessBuilder(
                PYTHON,
                SCRIPT.toString(),
                "--bootstrap-servers",
                TestKafka.bootstrapServers(),
                "--topic",
                topic,
                "--from-beginning",
                "--max",
                "2",
                "--timeout",
                "30")
            .redirectErrorStream(true)
            .start();
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.exitValue()).as(out).isZero();
    List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as(out).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("camera_id").asText()).as(out).isEqualTo("desk-1");
    assertThat(first.path("top_class").asText()).isEqualTo("HAPPY");
    assertThat(first.path("distribution").path("happy").asDouble())
        .isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(first.path("window_end").asText()).isEqualTo("2026-11-30T10:00:01.600000Z");
  }
}
