package io.emostream.jobs.scoring;

import io.emostream.jobs.batch.MicroBatchOperator;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.SamplingOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.frames.BlobReader;
import io.emostream.jobs.frames.DecodedFrame;
import io.emostream.jobs.frames.FrameAdmissionFunction;
import io.emostream.jobs.frames.FrameImageDecoder;
import io.emostream.jobs.frames.PlausibleEventTime;
import io.emostream.jobs.io.AvroRecordSerializationSchema;
import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.model.bundle.ReleaseVerifier;
import io.emostream.schemas.event.CameraFrameStats;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.topic.KafkaTopics;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The streaming job: frames from Kafka → admission (consent, validation, image decode) → event time
 * (capture time) → micro-batched face detection and per-frame encoding (each crop once) → per
 * camera: event-time ordering, face tracking, clips of cached features → micro-batched clip scoring
 * across cameras (temporal head, or whole-clip models) → {@link EmotionScore}s; clips of streams
 * whose consent covers training, when ambiguous (or in a calibration share), → {@link ClipSample}s
 * for annotation. Beside it, per-camera frame statistics. Rejected and late frames → dead letters.
 *
 * <p>It takes its source and sinks in the constructor, so tests run it on bounded input and {@link
 * #onKafka} wires Kafka for production.
 *
 * <pre>{@code
 * new ScoringJob(conf, frames, scores, stats, deadLetters).build(env);
 * env.execute(ScoringJob.NAME);
 * }</pre>
 */
public final class ScoringJob {
  public static final String NAME = "emostream-scoring";

  private final Configuration conf;
  private final Source<KafkaRecordBytes, ?, ?> frames;
  private final Sink<EmotionScore> scores;
  private final Sink<CameraFrameStats> stats;
  private final Sink<DeadLetter> deadLetters;
  private ReleaseFeed releases;
  private Sink<ClipSample> samples;

  public ScoringJob(
      Configuration conf,
      Source<KafkaRecordBytes, ?, ?> frames,
      Sink<EmotionScore> scores,
      Sink<CameraFrameStats> stats,
      Sink<DeadLetter> deadLetters) {
    this.conf = conf;
    this.frames = frames;
    this.scores = scores;
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
            kafka.sink(
                topics.emotionScores(),
                EmotionScore.class,
                s -> AvroRecordSerializationSchema.utf8(s.getCameraId())),
            kafka.sink(
                topics.cameraStats(),
                CameraFrameStats.class,
                s -> AvroRecordSerializationSchema.utf8(s.getCameraId())),
            kafka.sink(topics.deadLetters(), DeadLetter.class, DeadLetters::key))
        .samplingTo(
            kafka.sink(
                topics.clipSamples(),
                ClipSample.class,
                s -> AvroRecordSerializationSchema.utf8(s.getClipId())))
        .hotSwappingFrom(releaseFeed(conf, kafka, topics));
  }

  /** The model-releases topic and what a release must pass: {@code scoring.model.*}. */
  static ReleaseFeed releaseFeed(Configuration conf, KafkaIo kafka, KafkaTopics topics) {
    String root = conf.get(ScoringOptions.MODEL_RELEASES_ROOT);
    long maxBytes = conf.get(ScoringOptions.MODEL_MAX_BYTES).getBytes();
    ReleaseStaging staging = ReleaseStaging.forRoot(root, maxBytes);
    return new ReleaseFeed(
        kafka.bootstrapServers(),
        KafkaOptions.clientProperties(conf),
        topics.modelReleases().name(),
        new ReleaseVerifier(
            staging == null ? root : staging.localRoot(),
            conf.get(ScoringOptions.MODEL_RELEASE_KEYS),
            maxBytes),
        staging);
  }

  /**
   * Hot-swap to every model announced on the model-releases topic (without it, one model serves).
   */
  public ScoringJob hotSwappingFrom(ReleaseFeed feed) {
    this.releases = feed;
    return this;
  }

  /**
   * Send clips for annotation ({@link ClipSampler}, unless {@code sampling.enabled} is false). Only
   * streams whose consent covers training are sampled; without this call no crop is kept.
   */
  public ScoringJob samplingTo(Sink<ClipSample> sink) {
    this.samples = sink;
    return this;
  }

  /** The clip sampler's settings from {@code conf}. */
  public static ClipSampler.Settings samplingSettings(Configuration conf) {
    return new ClipSampler.Settings(
        conf.get(SamplingOptions.AMBIGUITY_THRESHOLD),
        conf.get(SamplingOptions.CALIBRATION_SHARE),
        conf.get(SamplingOptions.MAX_PER_CAMERA),
        conf.get(SamplingOptions.RATE_PERIOD),
        conf.get(SamplingOptions.MAX_PER_SESSION),
        conf.get(SamplingOptions.MAX_RECORD_BYTES).getBytes(),
        conf.get(SamplingOptions.SESSION_STATE_TTL));
  }

  /** The image decoder of the job's admission, with its configured limits. */
  public static FrameImageDecoder frameDecoder(Configuration conf) {
    return new FrameImageDecoder(
        BlobReader.forStores(conf.get(ScoringOptions.CLAIM_CHECK_ROOTS)),
        conf.get(ScoringOptions.FRAME_MAX_PAYLOAD).getBytes(),
        conf.get(ScoringOptions.FRAME_MAX_SIDE));
  }

  /** Adds the job's graph to the environment. */
  public void build(StreamExecutionEnvironment env) {
    // Frames carry their pixels between chained operators: pass references, not deep copies. Safe
    // because no operator of this job mutates its input or reuses an object it has emitted.
    env.getConfig().enableObjectReuse();
    FrameImageDecoder decoder = frameDecoder(conf);

    // Per-partition watermarks at the source, from the record timestamp: producers set it to the
    // capture time (the frame contract; admission dead-letters frames whose record timestamp is
    // not). Timestamps admission would refuse as being in the future do not count. A partition that
    // falls silent stops holding event time back.
    WatermarkStrategy<KafkaRecordBytes> eventTime =
        PlausibleEventTime.strategy(
            conf.get(ScoringOptions.OUT_OF_ORDERNESS),
            conf.get(ScoringOptions.FRAME_MAX_FUTURE),
            conf.get(ScoringOptions.IDLENESS));
    SingleOutputStreamOperator<DecodedFrame> timed =
        env.fromSource(frames, eventTime, "frames")
            .uid("frames-source")
            .process(
                new FrameAdmissionFunction(
                    decoder,
                    conf.get(ScoringOptions.FRAME_MAX_FUTURE),
                    conf.get(ScoringOptions.FRAME_MAX_TIMESTAMP_SKEW),
                    conf.get(ScoringOptions.FRAME_MAX_FACES)))
            .uid("frame-admission")
            .name("frame admission");

    timed
        .map(DecodedFrame::metadataOnly)
        .uid("frame-metadata")
        .name("frame metadata")
        .keyBy(frame -> frame.cameraId)
        .window(TumblingEventTimeWindows.of(conf.get(ScoringOptions.STATS_WINDOW)))
        .aggregate(new CameraStatsAggregate(), new CameraStatsWindowFunction())
        .uid("camera-stats")
        .name("camera stats")
        .sinkTo(stats)
        .uid("camera-stats-sink")
        .name("camera stats sink");

    ModelSource models = ModelSource.from(conf);
    boolean sampling = samples != null && conf.get(SamplingOptions.ENABLED);
    FaceEncodingFunction encoding =
        new FaceEncodingFunction(
            models,
            conf.get(ScoringOptions.DETECTOR_INPUT_SIZE),
            conf.get(ScoringOptions.DETECTOR_SCORE_THRESHOLD),
            conf.get(ScoringOptions.DETECT_INTERVAL),
            conf.get(ScoringOptions.RELOCALISE_SIZE),
            releases);
    if (sampling) {
      encoding.keepingCropsFor(
          new TrainingConsent(conf.getOptional(SamplingOptions.PURPOSES).orElse(List.of())),
          conf.get(SamplingOptions.JPEG_QUALITY));
    }
    // Chained with admission (a test checks it): decoded pixels never cross the network stack.
    SingleOutputStreamOperator<FrameFaces> faces =
        timed
            .transform(
                "face detection + encoding",
                TypeInformation.of(FrameFaces.class),
                new MicroBatchOperator<>(
                    encoding,
                    conf.get(ScoringOptions.BATCH_MAX_SIZE),
                    conf.get(ScoringOptions.BATCH_MAX_WAIT),
                    conf.get(ScoringOptions.BATCH_MAX_BYTES).getBytes()))
            .uid("face-encoding");

    CameraTracks.Settings clips =
        new CameraTracks.Settings(
            conf.get(ScoringOptions.CLIP_FRAMES),
            conf.get(ScoringOptions.CLIP_STRIDE),
            conf.get(ScoringOptions.CLIP_MIN_FRAMES),
            conf.get(ScoringOptions.TRACK_MIN_IOU),
            conf.get(ScoringOptions.TRACK_TIMEOUT).toMillis());
    SingleOutputStreamOperator<FeatureClip> clipped =
        faces
            .keyBy(f -> f.cameraId)
            .process(
                new TrackClipFunction(
                    clips,
                    conf.get(ScoringOptions.OUT_OF_ORDERNESS).toMillis(),
                    conf.get(ScoringOptions.CAMERA_IDLE_FLUSH).toMillis()))
            .uid("track-clip-scoring") // the uid of earlier versions: their savepoints restore this
            // state
            .name("tracks, clips");
    // Clips of all cameras of a subtask, batched.
    SingleOutputStreamOperator<ScoredClip> scored =
        clipped
            .transform(
                "clip scoring",
                TypeInformation.of(ScoredClip.class),
                new MicroBatchOperator<>(
                    new ClipScoringFunction(models),
                    conf.get(ScoringOptions.CLIP_BATCH_MAX_SIZE),
                    conf.get(ScoringOptions.CLIP_BATCH_MAX_WAIT)))
            .uid("clip-scoring");
    scored
        .map(clip -> clip.score)
        .returns(TypeInformation.of(EmotionScore.class))
        .uid("scores-only")
        .name("scores (no crops)")
        .sinkTo(scores)
        .uid("emotion-scores-sink")
        .name("emotion scores");

    if (sampling) {
      scored
          .keyBy(clip -> clip.score.getCameraId())
          .process(new ClipSampler(samplingSettings(conf)))
          .uid("clip-sampler")
          .name("clip sampler")
          .sinkTo(samples)
          .uid("clip-samples-sink")
          .name("clip samples");
    }

    DataStream<DeadLetter> late =
        clipped
            .getSideOutput(TrackClipFunction.LATE)
            .map(
                f ->
                    DeadLetters.lateFrame(
                        f.cameraId, f.sequence, f.captureTimeMillis, "scoring/track-clips"))
            .returns(TypeInformation.of(DeadLetter.class))
            .uid("late-frames")
            .name("late frames");
    // Rejected frames, late frames and rejected model releases.
    timed
        .getSideOutput(DeadLetters.TAG)
        .union(late, faces.getSideOutput(DeadLetters.TAG))
        .sinkTo(deadLetters)
        .uid("dead-letters-sink")
        .name("dead letters");
  }
}
