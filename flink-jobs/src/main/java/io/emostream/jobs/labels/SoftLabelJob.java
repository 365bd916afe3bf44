package io.emostream.jobs.labels;

import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.io.AvroRecordSerializationSchema;
import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.topic.KafkaTopics;
import java.time.ZoneOffset;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.AvroWriters;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.DateTimeBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The soft-label job: clip samples and annotators' votes (two topics) → joined by clip id with
 * event-time timeouts ({@link VoteCollector}) → {@link LabelledClip}s on the labelled-clips topic
 * and in the training dataset (Avro files, a folder per day, written exactly once on checkpoints),
 * which the retraining job reads. Undecodable, invalid, duplicate, late and orphaned votes → dead
 * letters.
 */
public final class SoftLabelJob {
  public static final String NAME = "emostream-soft-labels";

  private final Configuration conf;
  private final Source<KafkaRecordBytes, ?, ?> samples;
  private final Source<KafkaRecordBytes, ?, ?> votes;
  private final Sink<LabelledClip> labelled;
  private final Sink<LabelledClip> dataset;
  private final Sink<DeadLetter> deadLetters;

  /**
   * @param dataset the dataset's file sink, or null for none
   */
  public SoftLabelJob(
      Configuration conf,
      Source<KafkaRecordBytes, ?, ?> samples,
      Source<KafkaRecordBytes, ?, ?> votes,
      Sink<LabelledClip> labelled,
      Sink<LabelledClip> dataset,
      Sink<DeadLetter> deadLetters) {
    this.conf = conf;
    this.samples = samples;
    this.votes = votes;
    this.labelled = labelled;
    this.dataset = dataset;
    this.deadLetters = deadLetters;
  }

  /** The job on {@code conf}'s Kafka, writing the dataset to {@code labels.dataset-dir}. */
  public static SoftLabelJob onKafka(Configuration conf) {
    return onKafka(conf, false);
  }

  /**
   * @param bounded stop at the records that were on the topics when the job started (a backfill of
   *     what was annotated so far; tests): open clips then close as if their timeout passed
   */
  public static SoftLabelJob onKafka(Configuration conf, boolean bounded) {
    KafkaIo kafka = new KafkaIo(conf);
    KafkaTopics topics = kafka.topics();
    return new SoftLabelJob(
        conf,
        bounded
            ? kafka.boundedRawSource(topics.clipSamples())
            : kafka.rawSource(topics.clipSamples()),
        bounded
            ? kafka.boundedRawSource(topics.annotations())
            : kafka.rawSource(topics.annotations()),
        kafka.sink(
            topics.labelledClips(),
            LabelledClip.class,
            c -> AvroRecordSerializationSchema.utf8(c.getClip().getClipId()),
            "labels"),
        datasetSink(conf.get(LabelOptions.DATASET_DIR)),
        kafka.sink(topics.deadLetters(), DeadLetter.class, DeadLetters::key, "labels"));
  }

  /**
   * Avro files of labelled clips under {@code dir}, a folder per UTC day ({@code yyyy-MM-dd}),
   * files rolled and committed on each checkpoint: exactly once, and readers see only committed
   * files (in-progress ones are hidden, their names start with a dot).
   */
  public static FileSink<LabelledClip> datasetSink(String dir) {
    return FileSink.forBulkFormat(new Path(dir), AvroWriters.forSpecificRecord(LabelledClip.class))
        .withBucketAssigner(new DateTimeBucketAssigner<>("yyyy-MM-dd", ZoneOffset.UTC))
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder().withPartPrefix("labelled").withPartSuffix(".avro").build())
        .build();
  }

  public static VoteCollector.Settings settings(Configuration conf) {
    return new VoteCollector.Settings(
        conf.get(LabelOptions.VOTES_PER_CLIP),
        conf.get(LabelOptions.MIN_VOTES),
        conf.get(LabelOptions.VOTE_TIMEOUT).toMillis(),
        conf.get(LabelOptions.UNKNOWN_CLIP_GRACE).toMillis());
  }

  public void build(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<LabelEvent> sampleEvents =
        decoded(env, samples, LabelEventDecoder.Input.SAMPLES, "clip-samples");
    SingleOutputStreamOperator<LabelEvent> voteEvents =
        decoded(env, votes, LabelEventDecoder.Input.VOTES, "annotations");
    SingleOutputStreamOperator<LabelledClip> collected =
        withEventTime(sampleEvents, "clip-samples")
            .union(withEventTime(voteEvents, "annotations"))
            .keyBy(e -> e.clipId)
            .process(new VoteCollector(settings(conf)))
            .uid("vote-collector")
            .name("votes → soft labels");
    SingleOutputStreamOperator<LabelledClip> clips =
        collected
            .assignTimestampsAndWatermarks(labellingTime())
            .uid("labelled-time")
            .name("labelling time");
    clips.sinkTo(labelled).uid("labelled-clips-sink").name("labelled clips");
    if (dataset != null) {
      clips.sinkTo(dataset).uid("labelled-dataset-sink").name("labelled-clip dataset");
    }
    DataStream<DeadLetter> refused =
        sampleEvents
            .getSideOutput(DeadLetters.TAG)
            .union(
                voteEvents.getSideOutput(DeadLetters.TAG), collected.getSideOutput(DeadLetters.TAG))
            .assignTimestampsAndWatermarks(labellingTime())
            .uid("refused-time")
            .name("refusal time");
    refused.sinkTo(deadLetters).uid("labels-dead-letters-sink").name("dead letters");
  }

  /**
   * Outputs carry the time they were made as their Kafka record timestamp: a clip closed by its
   * timeout would otherwise carry the timer's event time, days ahead, which brokers refuse.
   */
  private static <T> WatermarkStrategy<T> labellingTime() {
    return WatermarkStrategy.<T>noWatermarks()
        .withTimestampAssigner((element, eventTime) -> System.currentTimeMillis());
  }

  /** One input's records decoded and checked; refused ones on the side output. */
  private static SingleOutputStreamOperator<LabelEvent> decoded(
      StreamExecutionEnvironment env,
      Source<KafkaRecordBytes, ?, ?> source,
      LabelEventDecoder.Input input,
      String name) {
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), name)
        .uid(name + "-source")
        .process(new LabelEventDecoder(input))
        .uid(name + "-decode")
        .name("decode " + name);
  }

  /** Event time from the content: a sample's clip end, a vote's time. */
  private DataStream<LabelEvent> withEventTime(DataStream<LabelEvent> events, String name) {
    return events
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<LabelEvent>forBoundedOutOfOrderness(
                    conf.get(LabelOptions.OUT_OF_ORDERNESS))
                .withTimestampAssigner((e, recordTime) -> e.eventTimeMillis)
                .withIdleness(conf.get(LabelOptions.IDLENESS)))
        .uid(name + "-event-time")
        .name(name + " event time");
  }
}
