package io.emostream.jobs.labels;

import static io.emostream.jobs.labels.LabelRecords.T0;
import static io.emostream.jobs.labels.LabelRecords.modelVote;
import static io.emostream.jobs.labels.LabelRecords.sample;
import static io.emostream.jobs.labels.LabelRecords.vote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.LabelSource;
import io.emostream.schemas.event.LabelledClip;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The soft-label join of one clip's sample and votes, on event-time scenarios. */
class VoteCollectorTest {
  private static final long TIMEOUT = 60_000;
  private static final long GRACE = 5_000;
  private KeyedOneInputStreamOperatorTestHarness<String, LabelEvent, LabelledClip> h;

  @BeforeEach
  void open() throws Exception {
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new VoteCollector(new VoteCollector.Settings(4, 2, TIMEOUT, GRACE))),
            e -> e.clipId,
            Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  private void sampleOf(String clip) throws Exception {
    h.processElement(LabelEvent.sample(sample(clip, "desk-1", "call-1", T0)), T0);
  }

  private void cast(Annotation a) throws Exception {
    long at = a.getAnnotatedTime().toEpochMilli();
    h.processElement(LabelEvent.vote(a, new KafkaRecordBytes("votes", 0, at, at, null, null)), at);
  }

  private List<DeadLetterReason> deadLetters() {
    return h.getSideOutput(DeadLetters.TAG) == null
        ? List.of()
        : h.getSideOutput(DeadLetters.TAG).stream().map(r -> r.getValue().getReason()).toList();
  }

  @Test
  void labelsAClipOnceItHasTheConfiguredVotes() throws Exception {
    sampleOf("c1");
    cast(vote("c1", "ann-1", Expression.HAPPY, T0 + 1000));
    cast(vote("c1", "ann-2", Expression.HAPPY, T0 + 2000));
    cast(vote("c1", "ann-3", Expression.HAPPY, T0 + 3000));
    assertThat(h.extractOutputValues()).isEmpty();
    cast(vote("c1", "ann-4", Expression.SAD, T0 + 4000));

    LabelledClip c = h.extractOutputValues().get(0);
    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(c.getLabelSource()).isEqualTo(LabelSource.ANNOTATORS);
    assertThat(c.getVoteCount()).isEqualTo(4);
    assertThat(Distributions.toArray(c.getSoftLabel()))
        .containsExactly(0, 0.75f, 0.25f, 0, 0, 0, 0);
    assertThat(c.getAgreement()).isCloseTo(0.5, within(1e-9)); // 3·2 / (4·3)
    assertThat(c.getClip().getClipId()).isEqualTo("c1");

    cast(vote("c1", "ann-5", Expression.HAPPY, T0 + 5000)); // closed: late
    assertThat(deadLetters()).containsExactly(DeadLetterReason.LATE_EVENT);
  }

  @Test
  void oneAnnotatorVotesOnce() throws Exception {
    sampleOf("c1");
    cast(vote("c1", "ann-1", Expression.HAPPY, T0 + 1000));
    cast(vote("c1", "ann-1", Expression.SAD, T0 + 2000));
    assertThat(deadLetters()).containsExactly(DeadLetterReason.DUPLICATE_VOTE);
    h.processWatermark(T0 + TIMEOUT);
    assertThat(h.extractOutputValues()).isEmpty(); // one vote is below min-votes 2
  }

  @Test
  void timeoutLabelsWithTheMinimumAndExpiresBelowIt() throws Exception {
    sampleOf("c1");
    sampleOf("c2");
    cast(vote("c1", "ann-1", Expression.ANGRY, T0 + 1000));
    cast(vote("c1", "ann-2", Expression.FEAR, T0 + 1000));
    cast(vote("c2", "ann-1", Expression.ANGRY, T0 + 1000));
    h.processWatermark(T0 + TIMEOUT - 1);
    assertThat(h.extractOutputValues()).isEmpty();
    h.processWatermark(T0 + TIMEOUT);
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getClip().getClipId()).isEqualTo("c1");
              assertThat(c.getVoteCount()).isEqualTo(2);
              assertThat(c.getAgreement()).isEqualTo(0.0);
            });
  }

  @Test
  void aModelLabelsOnlyClipsPeopleDidNotLabelAndIsNeverMixedIn() throws Exception {
    float[] teacher = {0.1f, 0.6f, 0.3f, 0, 0, 0, 0};
    sampleOf("c1");
    sampleOf("c2");
    cast(modelVote("c1", teacher, T0 + 500));
    cast(modelVote("c2", teacher, T0 + 500));
    for (int i = 1; i <= 4; i++) {
      cast(vote("c1", "ann-" + i, Expression.NEUTRAL, T0 + 1000));
    }
    h.processWatermark(T0 + TIMEOUT);
    assertThat(h.extractOutputValues()).hasSize(2);
    LabelledClip people = h.extractOutputValues().get(0);
    LabelledClip model = h.extractOutputValues().get(1);
    assertThat(people.getLabelSource()).isEqualTo(LabelSource.ANNOTATORS);
    assertThat(Distributions.toArray(people.getSoftLabel())).containsExactly(1, 0, 0, 0, 0, 0, 0);
    assertThat(model.getClip().getClipId()).isEqualTo("c2");
    assertThat(model.getLabelSource()).isEqualTo(LabelSource.TEACHER_MODEL);
    assertThat(model.getVoteCount()).isZero();
    assertThat(model.getAgreement()).isNull();
    assertThat(Distributions.toArray(model.getSoftLabel())).containsExactly(teacher);
  }

  @Test
  void votesWaitForTheirSampleAndAreDeadLetteredWhenItNeverComes() throws Exception {
    cast(vote("c1", "ann-1", Expression.HAPPY, T0 + 1000)); // before its sample
    cast(vote("c9", "ann-1", Expression.HAPPY, T0 + 1000)); // no sample will come
    sampleOf("c1");
    cast(vote("c1", "ann-2", Expression.HAPPY, T0 + 2000));
    h.processWatermark(T0 + 1000 + GRACE);
    assertThat(deadLetters()).containsExactly(DeadLetterReason.UNKNOWN_CLIP);
    DeadLetter letter = h.getSideOutput(DeadLetters.TAG).peek().getValue();
    assertThat(letter.getDetail()).contains("c9");
    h.processWatermark(T0 + TIMEOUT);
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(c -> assertThat(c.getVoteCount()).isEqualTo(2));
  }

  @Test
  void stateIsGoneOneTimeoutAfterAClipCloses() throws Exception {
    sampleOf("c1");
    cast(vote("c1", "ann-1", Expression.HAPPY, T0 + 1000));
    h.processWatermark(T0 + TIMEOUT);
    assertThat(h.numKeyedStateEntries()).isPositive();
    h.processWatermark(T0 + 2 * TIMEOUT);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }
}
