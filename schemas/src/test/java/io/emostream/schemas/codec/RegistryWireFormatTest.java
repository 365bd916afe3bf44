package io.emostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.event.TestRecords;
import io.emostream.schemas.registry.ContractSchemaRegistry;
import io.emostream.schemas.registry.SchemaRegistry;
import io.emostream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryWireFormatTest {
  private static final String SUBJECT = "emostream.emotion-scores.v1-value";

  private ContractSchemaRegistry server;
  private SchemaRegistry registry;

  @BeforeEach
  void start() throws Exception {
    server = ContractSchemaRegistry.start();
    registry = SchemaRegistry.at(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void framedRecordsCarryTheRegisteredIdAndReadBack() throws Exception {
    AvroCodec<EmotionScore> writer =
        AvroCodec.of(EmotionScore.class).withRegistry(registry).framedFor(SUBJECT);
    byte[] bytes = writer.encode(TestRecords.score());

    assertThat(bytes[0]).isEqualTo(RegistryFraming.MAGIC_BYTE);
    assertThat(server.subjects()).containsExactly(SUBJECT);
    assertThat(RegistryFraming.schemaId(bytes)).isEqualTo(server.versions(SUBJECT).get(0));

    // a reader elsewhere: its own client, nothing cached
    AvroCodec<EmotionScore> reader =
        AvroCodec.of(EmotionScore.class).withRegistry(SchemaRegistry.at(server.url()));
    assertThat(reader.decode(bytes)).isEqualTo(TestRecords.score());
  }

  @Test
  void aReaderWithARegistryStillReadsSingleObjectValues() throws Exception {
    byte[] singleObject = AvroCodec.of(EmotionScore.class).encode(TestRecords.score());
    assertThat(AvroCodec.of(EmotionScore.class).withRegistry(registry).decode(singleObject))
        .isEqualTo(TestRecords.score());
  }

  @Test
  void theSchemaIsRegisteredOnceNotPerRecord() {
    AvroCodec<EmotionScore> writer =
        AvroCodec.of(EmotionScore.class).withRegistry(registry).framedFor(SUBJECT);
    for (int i = 0; i < 50; i++) {
      writer.encode(TestRecords.score());
    }
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void withoutARegistryAFramedValueIsAClearDeadLetter() {
    byte[] bytes =
        AvroCodec.of(EmotionScore.class)
            .withRegistry(registry)
            .framedFor(SUBJECT)
            .encode(TestRecords.score());
    assertThatThrownBy(() -> AvroCodec.of(EmotionScore.class).decode(bytes))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AVRO_SINGLE_OBJECT))
        .hasMessageContaining("kafka.schema-registry.url");
  }

  @Test
  void unknownIdsAndOtherRecordTypesAreUnknownSchemas() {
    AvroCodec<EmotionScore> reader = AvroCodec.of(EmotionScore.class).withRegistry(registry);
    byte[] unknown = {0, 0, 0, 0, 99, 1, 2};
    assertThatThrownBy(() -> reader.decode(unknown))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
        .hasMessageContaining("schema id 99");

    byte[] annotation =
        AvroCodec.of(Annotation.class)
            .withRegistry(registry)
            .framedFor("annotations-value")
            .encode(
                Annotation.newBuilder()
                    .setClipId("clip-1")
                    .setAnnotatorId("ann-1")
                    .setAnnotatedTime(TestRecords.T0)
                    .setVote(io.emostream.schemas.event.Expression.HAPPY)
                    .build());
    assertThatThrownBy(() -> reader.decode(annotation))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
        .hasMessageContaining("io.emostream.schemas.event.Annotation");
  }

  @Test
  void aTruncatedBodyIsMalformed() {
    byte[] bytes =
        AvroCodec.of(EmotionScore.class)
            .withRegistry(registry)
            .framedFor(SUBJECT)
            .encode(TestRecords.score());
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(
            () -> AvroCodec.of(EmotionScore.class).withRegistry(registry).decode(truncated))
        .isInstanceOfSatisfying(
            RecordDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_RECORD));
  }

  @Test
  void anUnreachableRegistryIsNotTheRecordsFault() throws Exception {
    byte[] bytes =
        AvroCodec.of(EmotionScore.class)
            .withRegistry(registry)
            .framedFor(SUBJECT)
            .encode(TestRecords.score());
    SchemaRegistry gone = SchemaRegistry.at(server.url());
    server.close();
    // not a RecordDecodeException: the job fails and retries instead of dead-lettering good data
    assertThatThrownBy(() -> AvroCodec.of(EmotionScore.class).withRegistry(gone).decode(bytes))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unreachable");
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        Annotation.class,
        DeadLetter.class,
        FrameEvent.class,
        LabelledClip.class,
        ModelRelease.class
      })
  void everyReleasedVersionRegistersInOrderUnderTheBackwardRule(
      Class<? extends SpecificRecord> type) {
    AvroCodec<? extends SpecificRecord> codec = AvroCodec.of(type);
    assertThat(codec.history()).isNotEmpty();
    String subject = type.getSimpleName() + "-value";
    for (Schema old : codec.history()) {
      registry.register(subject, old);
    }
    registry.register(subject, codec.schema());
    assertThat(server.versions(subject))
        .hasSize(codec.history().size() + 1)
        .doesNotHaveDuplicates();
  }

  @Test
  void theRegistryRefusesABreakingChangeAndTheClientSaysWhy() {
    Schema v1 =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    Schema breaking =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]}");
    registry.register("r-value", v1);
    assertThatThrownBy(() -> registry.register("r-value", breaking))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409))
        .hasMessageContaining("incompatible");
  }

  @Test
  void aRecordFramedWithAnEarlierRegisteredVersionReadsAsTheCurrentOne() throws Exception {
    Schema v1;
    try (InputStream in =
        getClass().getResourceAsStream("/io/emostream/schemas/history/Annotation/v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    Schema expression = v1.getField("vote").schema().getTypes().get(0);
    GenericRecord old =
        new GenericRecordBuilder(v1)
            .set("clip_id", "clip-7")
            .set("annotator_id", "ann-3")
            .set("annotated_time", TestRecords.T0.toEpochMilli())
            .set("vote", new GenericData.EnumSymbol(expression, "SAD"))
            .build();
    int id = registry.register("annotations-value", v1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
    BinaryEncoder body = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v1).write(old, body);
    body.flush();

    Annotation read =
        AvroCodec.of(Annotation.class).withRegistry(registry).decode(out.toByteArray());
    assertThat(read.getClipId()).isEqualTo("clip-7");
    assertThat(read.getVote()).hasToString("SAD");
    assertThat(read.getSource()).hasToString("HUMAN"); // the field added in v2, by its default
  }

  @Test
  void basicAuthIsSentAndNeverPrinted() throws Exception {
    try (ContractSchemaRegistry guarded = ContractSchemaRegistry.startWithBasicAuth("sa:s3cret")) {
      SchemaRegistry anonymous = SchemaRegistry.at(guarded.url());
      assertThatThrownBy(
              () -> anonymous.register("x-value", AvroCodec.of(EmotionScore.class).schema()))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401));

      SchemaRegistry authed = anonymous.withBasicAuth("sa:s3cret");
      assertThat(authed.register("x-value", AvroCodec.of(EmotionScore.class).schema()))
          .isPositive();
      assertThat(authed.toString()).doesNotContain("s3cret").doesNotContain("c2E6czNjcmV0");
    }
  }
}
