package io.emostream.jobs.labels;

import io.emostream.jobs.io.DeadLetters;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.AnnotationSource;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.ExpressionDistribution;
import io.emostream.schemas.event.LabelSource;
import io.emostream.schemas.event.LabelledClip;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by clip id: collects the votes of a sampled clip and emits its {@link LabelledClip}, whose
 * soft label is the mean of the human votes (vote fractions for single-class votes).
 *
 * <ul>
 *   <li>A clip is labelled as soon as it has {@code votesPerClip} human votes, or when its vote
 *       timeout (event time after the clip's end) passes with at least {@code minVotes}.
 *   <li>Human and MODEL votes are never mixed: a model's distribution labels a clip (source
 *       TEACHER_MODEL) only when too few people voted before the timeout.
 *   <li>Dead letters: a second vote of one annotator (DUPLICATE_VOTE), votes after the clip closed
 *       (LATE_EVENT), votes whose sample does not arrive within a grace period (UNKNOWN_CLIP).
 * </ul>
 *
 * State is cleared one vote timeout after a clip closes (until then, late votes are recognised).
 */
public final class VoteCollector extends KeyedProcessFunction<String, LabelEvent, LabelledClip> {
  private static final long serialVersionUID = 1L;
  static final String OPERATOR = "soft-labels/votes";

  /** Join settings (see {@link io.emostream.jobs.config.LabelOptions}). */
  public record Settings(
      int votesPerClip, int minVotes, long voteTimeoutMillis, long unknownClipGraceMillis)
      implements Serializable {
    public Settings {
      if (minVotes < 1 || votesPerClip < minVotes) {
        throw new IllegalArgumentException(
            "labels need 1 <= min-votes <= votes-per-clip; got min-votes="
                + minVotes
                + " votes-per-clip="
                + votesPerClip);
      }
    }
  }

  private final Settings settings;

  private transient ValueState<ClipSample> sample;
  private transient MapState<String, float[]> humanVotes;
  private transient ValueState<float[]> modelVote;
  private transient ValueState<Long> closedAt;
  private transient ListState<LabelEvent> orphans;
  private transient Counter votesAccepted;
  private transient Counter clipsLabelled;
  private transient Counter clipsExpired;
  private transient Counter votesRefused;

  public VoteCollector(Settings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext ctx) {
    var rc = getRuntimeContext();
    sample =
        rc.getState(new ValueStateDescriptor<>("sample", TypeInformation.of(ClipSample.class)));
    humanVotes =
        rc.getMapState(
            new MapStateDescriptor<>(
                "human-votes",
                Types.STRING,
                PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
    modelVote =
        rc.getState(
            new ValueStateDescriptor<>(
                "model-vote", PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
    closedAt = rc.getState(new ValueStateDescriptor<>("closed-at", Types.LONG));
    orphans =
        rc.getListState(
            new ListStateDescriptor<>("votes-before-sample", TypeInformation.of(LabelEvent.class)));
    var group = rc.getMetricGroup().addGroup("emostream");
    votesAccepted = group.counter("votes_accepted");
    clipsLabelled = group.counter("clips_labelled");
    clipsExpired = group.counter("clips_expired_unlabelled");
    votesRefused = group.counter("votes_refused");
  }

  @Override
  public void processElement(LabelEvent e, Context ctx, Collector<LabelledClip> out)
      throws Exception {
    if (e.sample != null) {
      onSample(e.sample, ctx, out);
    } else {
      onVote(e, ctx, out);
    }
  }

  private void onSample(ClipSample s, Context ctx, Collector<LabelledClip> out) throws Exception {
    if (sample.value() != null || closedAt.value() != null) {
      return; // the same sample again (a replay): its clip is already collecting or closed
    }
    sample.update(s);
    ctx.timerService().registerEventTimeTimer(clipEnd(s) + settings.voteTimeoutMillis());
    List<LabelEvent> waiting = new ArrayList<>();
    orphans.get().forEach(waiting::add);
    orphans.clear();
    for (LabelEvent vote : waiting) {
      onVote(vote, ctx, out);
    }
  }

  private void onVote(LabelEvent e, Context ctx, Collector<LabelledClip> out) throws Exception {
    Annotation a = e.vote;
    if (closedAt.value() != null) {
      refuse(e, DeadLetterReason.LATE_EVENT, "its clip's votes are closed", ctx);
      return;
    }
    ClipSample s = sample.value();
    if (s == null) {
      orphans.add(e); // the sample may still be on its way (another topic)
      ctx.timerService()
          .registerEventTimeTimer(e.eventTimeMillis + settings.unknownClipGraceMillis());
      return;
    }
    if (a.getSource() == AnnotationSource.MODEL) {
      modelVote.update(vector(a));
      votesAccepted.inc();
      return;
    }
    if (humanVotes.contains(a.getAnnotatorId())) {
      refuse(e, DeadLetterReason.DUPLICATE_VOTE, "annotator already voted for this clip", ctx);
      return;
    }
    humanVotes.put(a.getAnnotatorId(), vector(a));
    votesAccepted.inc();
    if (count(humanVotes.values()) >= settings.votesPerClip()) {
      close(s, ctx.timestamp() == null ? e.eventTimeMillis : ctx.timestamp(), ctx, out);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<LabelledClip> out) throws Exception {
    ClipSample s = sample.value();
    Long closed = closedAt.value();
    if (s != null && closed == null && time >= clipEnd(s) + settings.voteTimeoutMillis()) {
      close(s, time, ctx, out);
      return;
    }
    if (closed != null && time >= closed + settings.voteTimeoutMillis()) {
      closedAt.clear(); // late votes are no longer recognised; the key's state is gone
      orphans.clear();
      return;
    }
    if (s == null && closed == null) {
      List<LabelEvent> still = new ArrayList<>();
      for (LabelEvent vote : orphans.get()) {
        if (vote.eventTimeMillis + settings.unknownClipGraceMillis() <= time) {
          refuse(vote, DeadLetterReason.UNKNOWN_CLIP, "no sample of this clip arrived", ctx);
        } else {
          still.add(vote);
        }
      }
      orphans.update(still);
    }
  }

  /** Labels the clip (or lets it expire) and keeps only the fact that it closed. */
  private void close(ClipSample s, long time, Context ctx, Collector<LabelledClip> out)
      throws Exception {
    List<float[]> votes = new ArrayList<>();
    humanVotes.values().forEach(votes::add);
    float[] model = modelVote.value();
    if (votes.size() >= settings.minVotes()) {
      out.collect(labelled(s, votes, LabelSource.ANNOTATORS));
      clipsLabelled.inc();
    } else if (model != null) {
      out.collect(labelled(s, List.of(model), LabelSource.TEACHER_MODEL));
      clipsLabelled.inc();
    } else {
      clipsExpired.inc();
    }
    sample.clear();
    humanVotes.clear();
    modelVote.clear();
    closedAt.update(time);
    ctx.timerService().registerEventTimeTimer(time + settings.voteTimeoutMillis());
  }

  static LabelledClip labelled(ClipSample s, List<float[]> votes, LabelSource source) {
    double[] sum = new double[Distributions.CLASS_NAMES.size()];
    for (float[] v : votes) {
      for (int k = 0; k < sum.length; k++) {
        sum[k] += v[k];
      }
    }
    float[] mean = new float[sum.length]; // 7 of 10 votes is 0.7f exactly, not a float sum's drift
    for (int k = 0; k < sum.length; k++) {
      mean[k] = (float) (sum[k] / votes.size());
    }
    boolean human = source == LabelSource.ANNOTATORS;
    return LabelledClip.newBuilder()
        .setClip(s)
        .setSoftLabel(Distributions.of(mean))
        .setLabelSource(source)
        .setVoteCount(human ? votes.size() : 0)
        .setAgreement(human ? agreement(votes) : null)
        .build();
  }

  /**
   * Fleiss' per-item agreement: the share of ordered annotator pairs whose votes agree, from the
   * per-class vote counts ({@code Σ n_k(n_k − 1) / n(n − 1)}); null below 2 votes.
   */
  static Double agreement(List<float[]> votes) {
    int n = votes.size();
    if (n < 2) {
      return null;
    }
    double[] counts = new double[votes.get(0).length];
    for (float[] v : votes) {
      for (int k = 0; k < counts.length; k++) {
        counts[k] += v[k];
      }
    }
    double pairs = 0;
    for (double c : counts) {
      pairs += c * (c - 1);
    }
    return Math.max(0, pairs / ((double) n * (n - 1)));
  }

  private static float[] vector(Annotation a) {
    if (a.getVote() instanceof Expression x) {
      float[] v = new float[Distributions.CLASS_NAMES.size()];
      v[x.ordinal()] = 1;
      return v;
    }
    return Distributions.toArray((ExpressionDistribution) a.getVote());
  }

  private static long clipEnd(ClipSample s) {
    return s.getProvenance().getWindowEnd().toEpochMilli();
  }

  private static int count(Iterable<float[]> votes) {
    int n = 0;
    for (float[] ignored : votes) {
      n++;
    }
    return n;
  }

  private void refuse(LabelEvent vote, DeadLetterReason reason, String why, Context ctx) {
    votesRefused.inc();
    ctx.output(
        DeadLetters.TAG,
        DeadLetters.of(
            vote.record,
            reason,
            "vote of " + vote.vote.getAnnotatorId() + " for clip " + vote.clipId + ": " + why,
            OPERATOR));
  }
}
