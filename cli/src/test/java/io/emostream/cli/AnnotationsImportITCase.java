package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Label Studio export imported onto the annotations topic of a real broker. */
class AnnotationsImportITCase {
  @TempDir Path dir;

  @Test
  void importsVotesKeyedByClip() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    Path export =
        Files.writeString(
            dir.resolve("export.json"),
            """
            [{"id": 1, "data": {"clip": "desk-1:t1:100"},
              "annotations": [
                {"id": 1, "completed_by": 7, "created_at": "2026-11-30T10:00:00Z",
                 "result": [{"type": "choices", "value": {"choices": ["Angry"]}}]},
                {"id": 2, "completed_by": 8, "created_at": "2026-11-30T10:00:05Z",
                 "result": [{"type": "choices", "value": {"choices": ["Neutral"]}}]}]}]
            """);
    assertThat(
            EmoStreamCli.run(
                "annotations",
                "import",
                export.toString(),
                "--clip-key",
                "clip",
                "--bootstrap-servers",
                TestKafka.bootstrapServers(),
                "-D",
                "kafka.topics-file=" + topicsFile))
        .isZero();
    List<Annotation> read =
        TestKafka.readValues(
            KafkaTopics.load(topicsFile).annotations().name(),
            AvroCodec.of(Annotation.class),
            2,
            Duration.ofSeconds(20));
    assertThat(read)
        .extracting(Annotation::getAnnotatorId, Annotation::getVote)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("labelstudio:7", Expression.ANGRY),
            org.assertj.core.groups.Tuple.tuple("labelstudio:8", Expression.NEUTRAL));
    assertThat(read).allSatisfy(a -> assertThat(a.getClipId()).isEqualTo("desk-1:t1:100"));
  }
}
