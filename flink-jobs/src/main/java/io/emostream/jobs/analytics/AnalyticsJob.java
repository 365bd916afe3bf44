package io.emostream.jobs.analytics;

import io.emostream.jobs.config.AnalyticsOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.io.AvroRecordSerializationSchema;
import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.AggregateScope;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.topic.KafkaTopics;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;

/**
 * The analytics job: emotion scores → per-camera aggregates over tumbling event-time windows,
 * per-session aggregates over session windows that close when a session falls silent, and alerts
 * from {@link AlertRule}s evaluated per session. Undecodable scores → dead letters.
 *
 * <pre>{@code
 * new AnalyticsJob(conf, scores, aggregates, alerts, deadLetters).build(env);
 * }</pre>
 */
public final class AnalyticsJob {
  public static final String NAME = "emostream-analytics";

  /** Its Kafka sinks' transactional ids differ from the scoring job's (both write dead letters). */
  private static final String WRITER = "analytics";

  private final Configuration conf;
  private final Source<KafkaRecordBytes, ?, ?> scores;
  private final Sink<EmotionAggregate> aggregates;
  private final Sink<EmotionAlert> alerts;
  private final Sink<DeadLetter> deadLetters;

  public AnalyticsJob(
      Configuration conf,
      Source<KafkaRecordBytes, ?, ?> scores,
      Sink<EmotionAggregate> aggregates,
      Sink<EmotionAlert> alerts,
      Sink<DeadLetter> deadLetters) {
    this.conf = conf;
    this.scores = scores;
    this.aggregates = aggregates;
    this.alerts = alerts;
    this.deadLetters = deadLetters;
  }

  /** The job on {@code conf}'s Kafka: emotion-scores in; aggregates, alerts, dead letters out. */
  public static AnalyticsJob onKafka(Configuration conf, boolean bounded) {
    KafkaIo kafka = new KafkaIo(conf);
    KafkaTopics topics = kafka.topics();
    return new AnalyticsJob(
        conf,
        bounded
            ? kafka.boundedRawSource(topics.emotionScores())
            : kafka.rawSource(topics.emotionScores()),
        kafka.sink(
            topics.emotionAggregates(),
            EmotionAggregate.class,
            a -> AvroRecordSerializationSchema.utf8(a.getCameraId()),
            WRITER),
        kafka.sink(
            topics.emotionAlerts(),
            EmotionAlert.class,
            a -> AvroRecordSerializationSchema.utf8(a.getCameraId()),
            WRITER),
        kafka.sink(topics.deadLetters(), DeadLetter.class, DeadLetters::key, WRITER));
  }

  public void build(StreamExecutionEnvironment env) {
    WatermarkStrategy<EmotionScore> eventTime =
        WatermarkStrategy.<EmotionScore>forBoundedOutOfOrderness(
                conf.get(AnalyticsOptions.OUT_OF_ORDERNESS))
            .withTimestampAssigner((s, ignored) -> s.getWindowEnd().toEpochMilli())
            .withIdleness(conf.get(ScoringOptions.IDLENESS));
    SingleOutputStreamOperator<EmotionScore> decoded =
        env.fromSource(scores, WatermarkStrategy.noWatermarks(), "emotion scores")
            .uid("analytics-scores-source")
            .process(new DecodeScores(KafkaIo.readCodec(conf, EmotionScore.class)))
            .uid("analytics-decode-scores")
            .name("decode scores");
    decoded
        .getSideOutput(DeadLetters.TAG)
        .sinkTo(deadLetters)
        .uid("analytics-dead-letters-sink")
        .name("dead letters");
    SingleOutputStreamOperator<EmotionScore> timed =
        decoded
            .assignTimestampsAndWatermarks(eventTime)
            .uid("analytics-event-time")
            .name("event time");

    long gap = conf.get(AnalyticsOptions.SESSION_GAP).toMillis();
    timed
        .keyBy(EmotionScore::getCameraId)
        .window(TumblingEventTimeWindows.of(conf.get(AnalyticsOptions.CAMERA_WINDOW)))
        .aggregate(new ScoreSummary(AggregateScope.CAMERA))
        .uid("analytics-camera-aggregates")
        .name("camera aggregates")
        .union(
            timed
                .filter(s -> s.getSessionId() != null)
                .keyBy(s -> s.getCameraId() + "/" + s.getSessionId())
                .window(EventTimeSessionWindows.withGap(conf.get(AnalyticsOptions.SESSION_GAP)))
                .aggregate(new ScoreSummary(AggregateScope.SESSION))
                .uid("analytics-session-aggregates")
                .name("session aggregates"))
        .sinkTo(aggregates)
        .uid("analytics-aggregates-sink")
        .name("emotion aggregates");

    List<AlertRule> rules = AlertRule.parseAll(conf.get(AnalyticsOptions.ALERT_RULES));
    timed
        .keyBy(
            s ->
                s.getSessionId() != null
                    ? s.getCameraId() + "/" + s.getSessionId()
                    : s.getCameraId())
        .process(new AlertRulesFunction(rules, gap))
        .uid("analytics-alerts")
        .name("alert rules")
        .sinkTo(alerts)
        .uid("analytics-alerts-sink")
        .name("emotion alerts");
  }

  /** Kafka bytes → scores; what does not decode leaves as a dead letter. */
  static final class DecodeScores extends ProcessFunction<KafkaRecordBytes, EmotionScore> {
    private static final long serialVersionUID = 1L;
    private final AvroCodec<EmotionScore> codec;

    DecodeScores(AvroCodec<EmotionScore> codec) {
      this.codec = codec;
    }

    @Override
    public void processElement(KafkaRecordBytes r, Context ctx, Collector<EmotionScore> out) {
      try {
        out.collect(codec.decode(r.value));
      } catch (RecordDecodeException e) {
        ctx.output(
            DeadLetters.TAG, DeadLetters.of(r, e.reason(), e.getMessage(), "analytics/decode"));
      }
    }
  }
}
