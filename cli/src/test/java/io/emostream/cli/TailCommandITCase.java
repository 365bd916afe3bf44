package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
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
}
