package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.registry.ContractSchemaRegistry;
import io.emostream.schemas.registry.SchemaRegistry;
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
 * fingerprint, read_committed; or the registry wire format. Needs Debian's python3-confluent-kafka,
 * python3-avro and python3-requests, which .ci/run installs.
 */
class PythonConsumerExampleITCase {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Path.of("..", "examples", "python", "consume.py");

  @TempDir Path dir;

  @Test
  void thePythonExampleDecodesScores() throws Exception {
    assumePython("import avro, confluent_kafka");
    String topic = KafkaTopics.load(TestKafka.freshTopics(dir)).emotionScores().name();
    AvroCodec<EmotionScore> codec = AvroCodec.of(EmotionScore.class);
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (int i = 0; i < 2; i++) {
        producer.send(new ProducerRecord<>(topic, codec.encode(score(i)))).get();
      }
    }
    List<String> lines = consume(topic, 2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("camera_id").asText()).isEqualTo("desk-1");
    assertThat(first.path("top_class").asText()).isEqualTo("HAPPY");
    assertThat(first.path("distribution").path("happy").asDouble())
        .isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(first.path("window_end").asText()).isEqualTo("2026-11-30T10:00:01.600000Z");
  }

  /**
   * kafka.value-format=REGISTRY: Confluent's own Python client (Debian's python3-confluent-kafka)
   * fetches the writer schema by id from the registry and decodes the framed values; a value
   * written before the switch (single-object) on the same topic still reads.
   */
  @Test
  void thePythonExampleDecodesRegistryFramedScoresWithConfluentsClient() throws Exception {
    assumePython("import avro, requests, confluent_kafka.avro");
    String topic = KafkaTopics.load(TestKafka.freshTopics(dir)).emotionScores().name();
    try (ContractSchemaRegistry registry = ContractSchemaRegistry.start();
        KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      AvroCodec<EmotionScore> framed =
          AvroCodec.of(EmotionScore.class)
              .withRegistry(SchemaRegistry.at(registry.url()))
              .framedFor(topic + "-value");
      producer
          .send(new ProducerRecord<>(topic, AvroCodec.of(EmotionScore.class).encode(score(0))))
          .get();
      producer.send(new ProducerRecord<>(topic, framed.encode(score(1)))).get();
      producer.send(new ProducerRecord<>(topic, framed.encode(score(2)))).get();

      List<String> lines = consume(topic, 3, "--schema-registry-url", registry.url());
      ObjectMapper json = new ObjectMapper();
      assertThat(lines)
          .extracting(l -> json.readTree(l).path("track_id").asText())
          .containsExactly("desk-1/t0", "desk-1/t1", "desk-1/t2");
      JsonNode framedScore = json.readTree(lines.get(2));
      assertThat(framedScore.path("distribution").path("happy").asDouble())
          .isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(framedScore.path("top_class").asText()).isEqualTo("HAPPY");
    }
  }

  private static void assumePython(String imports) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(PYTHON))
            && new ProcessBuilder(PYTHON, "-c", imports).start().waitFor() == 0,
        "Debian's python3-confluent-kafka, python3-avro and python3-requests are not installed");
  }

  private static EmotionScore score(int i) {
    float[] p = new float[7];
    p[Expression.HAPPY.ordinal()] = 0.9f;
    p[Expression.NEUTRAL.ordinal()] = 0.1f;
    return EmotionScore.newBuilder()
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
  }

  /** Runs the example from the beginning of {@code topic} until {@code n} records printed. */
  private static List<String> consume(String topic, int n, String... more) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                PYTHON,
                SCRIPT.toString(),
                "--bootstrap-servers",
                TestKafka.bootstrapServers(),
                "--topic",
                topic,
                "--from-beginning",
                "--max",
                String.valueOf(n),
                "--timeout",
                "30"));
    command.addAll(List.of(more));
    Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.exitValue()).as(out).isZero();
    List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as(out).hasSize(n).noneMatch(l -> l.contains("unreadable"));
    return lines;
  }
}
