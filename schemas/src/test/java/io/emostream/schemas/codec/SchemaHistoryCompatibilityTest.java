package io.emostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.TestRecords;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaHistoryCompatibilityTest {

  static Stream<Class<? extends SpecificRecord>> contracts() {
    return TestRecords.oneOfEach().stream()
        .map(r -> ((SpecificRecord) r).getClass())
        .distinct()
        .map(c -> c.asSubclass(SpecificRecord.class));
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void currentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecord> type) {
    AvroCodec<? extends SpecificRecord> codec = AvroCodec.of(type);

    for (Schema old : codec.history()) {
      var result = SchemaCompatibility.checkReaderWriterCompatibility(codec.schema(), old);
      assertThat(result.getType())
          .as(
              "%s cannot read its released version: %s",
              type.getSimpleName(), result.getDescription())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void frameEventKeepsItsReleasedVersion() {
    assertThat(AvroCodec.of(FrameEvent.class).history()).hasSize(1);
  }

  @Test
  void decodesAFrameWrittenByAV1EdgeDevice() throws Exception {
    AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
    Schema v1 = codec.history().get(0);
    GenericRecord consent =
        new GenericRecordBuilder(v1.getField("consent").schema())
            .set(
                "scope",
                new GenericData.EnumSymbol(
                    v1.getField("consent").schema().getField("scope").schema(), "ANALYTICS"))
            .set("purpose", "safety")
            .build();
    GenericRecord frame =
        new GenericRecordBuilder(v1)
            .set("camera_id", "edge-v1")
            .set("sequence", 7L)
            .set("capture_time", TestRecords.T0.toEpochMilli())
            .set("width", 2)
            .set("height", 1)
            .set(
                "encoding",
                new GenericData.EnumSymbol(v1.getField("encoding").schema(), "RAW_GRAY8"))
            .set("payload", ByteBuffer.wrap(new byte[] {10, 20}))
            .set("consent", consent)
            .build();
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(frame).array();

    FrameEvent decoded = codec.decode(bytes);

    assertThat(decoded.getCameraId()).isEqualTo("edge-v1");
    assertThat(decoded.getSequence()).isEqualTo(7L);
    assertThat(decoded.getCaptureTime()).isEqualTo(TestRecords.T0);
    assertThat(decoded.getSessionId()).isNull();
    assertThat(decoded.getFaces()).isNull();
    assertThat(decoded.getConsent().getPurpose()).isEqualTo("safety");
  }

  @Test
  void theCheckCatchesABreakingChange() {
    // A new field without a default cannot be filled in when reading old records.
    Schema current = AvroCodec.of(FrameEvent.class).schema();
    Schema breaking =
        new Schema.Parser()
            .parse(
                current
                    .toString()
                    .replaceFirst(
                        "\"fields\":\\[",
                        "\"fields\":[{\"name\":\"tenant\",\"type\":\"string\"},"));

    var result = SchemaCompatibility.checkReaderWriterCompatibility(breaking, current);

    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(List.of(result.getDescription())).asString().contains("tenant");
  }
}
