package io.emostream.jobs.scoring;

import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.frames.DecodedFrame;
import io.emostream.jobs.frames.FileBlobReader;
import io.emostream.jobs.frames.FrameAdmissionFunction;
import io.emostream.jobs.frames.FrameImageDecoder;
import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.AvroRecordSerializationSchema;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.event.CameraFrameStats;
import io.emostream.schemas.event.DeadLetter;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The streaming job: frames from Kafka → admission (consent, validation, image decode) → per-camera
 * statistics; rejected frames → dead letters.
 *
 * <p>At this stage it decodes and counts frames; face detection, tracking, clips and model scoring
 * plug in after admission. It takes its source and sinks in the constructor, so tests run it on
 * bounded input and {@link #onKafka} wires Kafka for production.
 *
 * <pre>{@code
 * new ScoringJob(conf, frames, stats, deadLetters).build(env);
 * env.execute(ScoringJob.NAME);
 * }</pre>
 */
public final class ScoringJob {
  public static final String NAME = "emostream-scoring";

  private final Configuration conf;
  private final Source<KafkaRecordBytes, ?, ?> frames;
  private final Sink<CameraFrameStats> stats;
  private final Sink<DeadLetter> deadLetters;

  public ScoringJob(Configuration conf, Source<KafkaRecordBytes, ?, ?> frames, Sink<CameraFrameStats> stats, Sink<DeadLetter> deadLetters) {
    this.conf = conf;
    this.frames = frames;
    this.stats = stats;
    this.deadLetters = deadLetters;
  }

  /** The job reading and writing the topics of {@code conf}'s Kafka. */
  public static ScoringJob onKafka(Configuration conf) {
    return onKafka(conf, false);
  }

  /**
   * @param bounded stop at the frames that were on the topic when the job started (replay of a
   *     backlog; tests)
   */
  public static ScoringJob onKafka(Configuration conf, boolean bounded) {
    KafkaIo kafka = new KafkaIo(conf);
    KafkaTopics topics = kafka.topics();
    return new ScoringJob(
        conf,
        bounded ? kafka.boundedRawSource(topics.frames()) : kafka.rawSource(topics.frames()),
        kafka.sink(topics.cameraStats(), CameraFrameStats.class, s -> AvroRecordSerializationSchema.utf8(s.getCameraId())),
        kafka.sink(topics.deadLetters(), DeadLetter.class, DeadLetters::key));
  }

  /** Adds the job's graph to the environment. */
  public void build(StreamExecutionEnvironment env) {
    FrameImageDecoder decoder = new FrameImageDecoder(
        List.of(new FileBlobReader()), conf.get(ScoringOptions.FRAME_MAX_PAYLOAD).getBytes(), conf.get(ScoringOptions.FRAME_MAX_SIDE));

    SingleOutputStreamOperator<DecodedFrame> admitted = env
        .fromSource(frames, WatermarkStrategy.noWatermarks(), "frames")
        .uid("frames-source")
        .process(new FrameAdmissionFunction(decoder, conf.get(ScoringOptions.FRAME_MAX_FUTURE)))
        .uid("frame-admission")
        .name("frame admission");

    admitted.getSideOutput(DeadLetters.TAG).sinkTo(deadLetters).uid("dead-letters-sink").name("dead letters");

    WatermarkStrategy<DecodedFrame> eventTime = WatermarkStrategy
        .<DecodedFrame>forBoundedOutOfOrderness(conf.get(ScoringOptions.OUT_OF_ORDERNESS))
        .withTimestampAssigner((frame, ignored) -> frame.captureTimeMillis)
        .withIdleness(conf.get(ScoringOptions.IDLENESS));

    admitted
        .assignTimestampsAndWatermarks(eventTime)
        .uid("capture-time")
        .keyBy(frame -> frame.cameraId)
        .window(TumblingEventTimeWindows.of(conf.get(ScoringOptions.STATS_WINDOW)))
        .aggregate(new CameraStatsAggregate(), new CameraStatsWindowFunction())
        .uid("camera-stats")
        .name("camera stats")
        .sinkTo(stats)
        .uid("camera-stats-sink")
        .name("camera stats sink");
  }
}
