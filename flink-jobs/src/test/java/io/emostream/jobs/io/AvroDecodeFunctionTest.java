package io.emostream.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.ModelRelease;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AvroDecodeFunctionTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void decodesGoodRecordsAndDeadLettersTheRestNamingWhereTheyCameFrom() throws Exception {
    AvroDecodeFunction<ModelRelease> fn =
        new AvroDecodeFunction<>(ModelRelease.class, "scoring/model-releases");
    ModelRelease release =
        new ModelRelease("v2", "arch", "file:///m/v2", "ab", Map.of("uar", 0.5), null, AT);
    byte[] good = AvroCodec.of(ModelRelease.class).encode(release);
    byte[] wrongType =
        AvroCodec.of(EmotionScore.class)
            .encode(
                EmotionScore.newBuilder()
                    .setCameraId("c")
                    .setTrackId("t")
                    .setWindowStart(AT)
                    .setWindowEnd(AT)
                    .setFrameCount(1)
                    .setDistribution(
                        io.emostream.schemas.event.Distributions.of(
                            new float[] {1, 0, 0, 0, 0, 0, 0}))
                    .setTopClass(io.emostream.schemas.event.Expression.NEUTRAL)
                    .setConfidence(1)
                    .setAmbiguity(0)
                    .setModelVersion("v1")
                    .setProcessingLatencyMillis(1)
                    .build());

    try (var harness =
        new OneInputStreamOperatorTestHarness<KafkaRecordBytes, ModelRelease>(
            new ProcessOperator<>(fn))) {
      harness.open();
      harness.processElement(
          new StreamRecord<>(
              new KafkaRecordBytes("releases", 0, 10, AT.toEpochMilli(), null, good)));
      harness.processElement(
          new StreamRecord<>(
              new KafkaRecordBytes("releases", 0, 11, AT.toEpochMilli(), null, wrongType)));

      assertThat(harness.extractOutputValues()).containsExactly(release);
      assertThat(harness.getSideOutput(DeadLetters.TAG))
          .singleElement()
          .extracting(StreamRecord::getValue)
          .satisfies(
              d -> {
                DeadLetter letter = (DeadLetter) d;
                assertThat(letter.getReason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
                assertThat(letter.getSourceOffset()).isEqualTo(11);
                assertThat(letter.getFailedBy()).isEqualTo("scoring/model-releases");
              });
    }
  }

  @Test
  void producesAvroTypeInformationNotKryo() {
    var type = new AvroDecodeFunction<>(ModelRelease.class, "x").getProducedType();
    assertThat(type.getTypeClass()).isEqualTo(ModelRelease.class);
    assertThat(
            type.createSerializer(
                new org.apache.flink.api.common.serialization.SerializerConfigImpl()))
        .isNotInstanceOf(KryoSerializer.class);
  }
}
