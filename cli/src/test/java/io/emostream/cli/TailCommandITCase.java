package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.AlertSeverity;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.registry.ContractSchemaRegistry;
import io.emostream.schemas.registry.SchemaRegistry;
import io.emostream.schemas.topic.KafkaTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailCommandITCase {
  @TempDir Path dir;

  @Test
  void printsATopicAsJsonLinesWithoutItsBytes() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    String topic = KafkaTopics.load(topicsFile).deadLetters().name();
    byte[] image = "\u00ff\u00d8 secret face pixels".getBytes(StandardCharsets.ISO_8859_1);
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (int i = 0; i < 2; i++) {
        DeadLetter letter =
            DeadLetter.newBuilder()
                .setSourceTopic("frames")
                .setSourcePartition(0)
                .setSourceOffset(i)
                .setReason(DeadLetterReason.UNDECODABLE_IMAGE)
                .setDetail("truncated")
                .setFailedBy("test")
                .setFailedTime(Instant.parse("2026-11-30T10:00:00Z"))
                .setValue(ByteBuffer.wrap(image))
                .build();
        producer
            .send(new ProducerRecord<>(topic, AvroCodec.of(DeadLetter.class).encode(letter)))
            .get();
      }
    }

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          EmoStreamCli.run(
              "tail",
              "dead-letters",
              "--json",
              "--from-beginning",
              "--max",
              "2",
              "--timeout",
              "20s",
              "--bootstrap-servers",
              TestKafka.bootstrapServers(),
              "-D",
              "kafka.topics-file=" + topicsFile);
    } finally {
      System.setOut(out);
    }
    assertThat(exit).isZero();
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(printed).doesNotContain("secret face pixels");
    List<String> lines = printed.lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("reason").asText()).isEqualTo("UNDECODABLE_IMAGE");
    assertThat(first.path("value").path("bytes").asInt()).isEqualTo(image.length);
    assertThat(first.path("failed_time").asText()).isEqualTo("2026-11-30T10:00:00Z");
  }

  @Test
  void readsRegistryFramedValuesWithTheRegistryFlagAndSaysWhatIsMissingWithout() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    String topic = KafkaTopics.load(topicsFile).emotionAlerts().name();
    try (ContractSchemaRegistry registry = ContractSchemaRegistry.start()) {
      EmotionAlert alert =
          EmotionAlert.newBuilder()
              .setAlertId("a-1")
              .setCameraId("desk-1")
              .setSessionId("call-7")
              .setTrackId(null)
              .setRule("anger")
              .setSeverity(AlertSeverity.CRITICAL)
              .setExpression(Expression.ANGRY)
              .setValue(0.6f)
              .setWindowStart(Instant.parse("2026-11-30T10:00:00Z"))
              .setWindowEnd(Instant.parse("2026-11-30T10:00:30Z"))
              .setMessage("anger")
              .setCreatedTime(Instant.parse("2026-11-30T10:00:31Z"))
              .build();
      byte[] framed =
          AvroCodec.of(EmotionAlert.class)
              .withRegistry(SchemaRegistry.at(registry.url()))
              .framedFor(topic + "-value")
              .encode(alert);
      try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
        producer.send(new ProducerRecord<>(topic, framed)).get();
      }

      String with = tail(topicsFile, "emotion-alerts", "--schema-registry-url", registry.url());
      assertThat(new ObjectMapper().readTree(with.strip()).path("rule").asText())
          .isEqualTo("anger");
      assertThat(tail(topicsFile, "emotion-alerts"))
          .contains("\"unreadable\"")
          .contains("NOT_AVRO_SINGLE_OBJECT");
    }
  }

  private static String tail(Path topicsFile, String topic, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "tail",
                topic,
                "--json",
                "--from-beginning",
                "--max",
                "1",
                "--timeout",
                "20s",
                "--bootstrap-servers",
                TestKafka.bootstrapServers(),
                "-D",
                "kafka.topics-file=" + topicsFile));
    args.addAll(List.of(more));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(EmoStreamCli.run(args.toArray(String[]::new))).isZero();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
