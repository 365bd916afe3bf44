package io.emostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.TestRecords;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

  @Test
  void writesPlainJsonWithIsoTimesAndNeverTheBytes() throws Exception {
    byte[] image = new byte[5000];
    image[0] = (byte) 0xFF;
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic("frames")
            .setSourcePartition(1)
            .setSourceOffset(42)
            .setReason(DeadLetterReason.UNDECODABLE_IMAGE)
            .setDetail("truncated")
            .setFailedBy("scoring/frame-admission")
            .setFailedTime(Instant.parse("2026-11-30T10:00:00Z"))
            .setKey(ByteBuffer.wrap("cam-1".getBytes()))
            .setValue(ByteBuffer.wrap(image))
            .build();
    JsonNode json = new ObjectMapper().readTree(AvroJson.line(letter));
    assertThat(json.path("reason").asText()).isEqualTo("UNDECODABLE_IMAGE");
    assertThat(json.path("failed_time").asText()).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(json.path("value").path("bytes").asInt()).isEqualTo(5000);
    assertThat(json.path("source_timestamp").isNull()).isTrue();
  }

  @Test
  void writesEveryRecordTypeOfTheContract() throws Exception {
    for (Object o : TestRecords.oneOfEach()) {
      org.apache.avro.generic.IndexedRecord record = (org.apache.avro.generic.IndexedRecord) o;
      JsonNode json = new ObjectMapper().readTree(AvroJson.line(record));
      assertThat(json.isObject()).as(record.getSchema().getName()).isTrue();
      assertThat(json.size()).isEqualTo(record.getSchema().getFields().size());
    }
  }
}
