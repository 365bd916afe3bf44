package io.emostream.jobs.labels;

import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.Identifiers;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes and checks the records of one input of the soft-label join (clip samples or votes):
 * records that do not decode, carry bad identifiers, or vote with something that is not a
 * distribution leave as dead letters with their reason.
 */
public final class LabelEventDecoder extends ProcessFunction<KafkaRecordBytes, LabelEvent> {
  private static final long serialVersionUID = 1L;
  static final String OPERATOR = "soft-labels/decode";

  /** What a record of this input is. */
  public enum Input {
    SAMPLES,
    VOTES
  }

  private final Input input;
  private transient AvroCodec<ClipSample> samples;
  private transient AvroCodec<Annotation> votes;
  private transient Counter rejected;

  public LabelEventDecoder(Input input) {
    this.input = input;
  }

  @Override
  public void open(OpenContext ctx) {
    samples = AvroCodec.of(ClipSample.class);
    votes = AvroCodec.of(Annotation.class);
    rejected =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup("emostream")
            .counter(input == Input.SAMPLES ? "samples_dead_lettered" : "votes_dead_lettered");
  }

  @Override
  public void processElement(KafkaRecordBytes record, Context ctx, Collector<LabelEvent> out) {
    try {
      if (input == Input.SAMPLES) {
        ClipSample s = samples.decode(record.value);
        String problem = Identifiers.problem("clip id", s.getClipId());
        if (problem == null && s.getFrames().isEmpty()) {
          problem = "clip " + s.getClipId() + " has no frames";
        }
        if (problem != null) {
          reject(record, DeadLetterReason.MALFORMED_RECORD, problem, ctx);
          return;
        }
        out.collect(LabelEvent.sample(s));
      } else {
        Annotation a = votes.decode(record.value);
        String problem = VoteProblems.of(a);
        if (problem != null) {
          reject(record, DeadLetterReason.INVALID_VOTE, problem, ctx);
          return;
        }
        out.collect(LabelEvent.vote(a, record));
      }
    } catch (RecordDecodeException e) {
      reject(record, e.reason(), e.getMessage(), ctx);
    }
  }

  private void reject(KafkaRecordBytes record, DeadLetterReason reason, String why, Context ctx) {
    rejected.inc();
    ctx.output(DeadLetters.TAG, DeadLetters.of(record, reason, why, OPERATOR));
  }
}
