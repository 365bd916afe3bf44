package io.emostream.jobs.io;

import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw Kafka records ({@link KafkaRecordBytes}) of any EmoStream topic into their Avro
 * record type; a record that does not decode goes to {@link DeadLetters#TAG}, never fails the job.
 * This is how a job reads a topic: {@code KafkaIo.rawSource(topic)} then this function.
 */
public final class AvroDecodeFunction<T extends SpecificRecord>
    extends ProcessFunction<KafkaRecordBytes, T> implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AvroDecodeFunction.class);

  private final AvroCodec<T> codec;
  private final String failedBy;
  private transient Counter undecodable;

  /**
   * @param failedBy job and operator named in dead letters, e.g. {@code scoring/model-releases}
   */
  public AvroDecodeFunction(Class<T> type, String failedBy) {
    this.codec = AvroCodec.of(type);
    this.failedBy = failedBy;
  }

  @Override
  public void open(OpenContext openContext) {
    undecodable =
        getRuntimeContext().getMetricGroup().addGroup("emostream").counter("records_undecodable");
  }

  @Override
  public void processElement(KafkaRecordBytes record, Context ctx, Collector<T> out) {
    try {
      out.collect(codec.decode(record.value));
    } catch (RecordDecodeException e) {
      undecodable.inc();
      LOG.warn("dead-lettering {}: {} {}", record.coordinates(), e.reason(), e.getMessage());
      ctx.output(DeadLetters.TAG, DeadLetters.of(record, e.reason(), e.getMessage(), failedBy));
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(codec.type());
  }
}
