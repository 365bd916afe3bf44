package io.emostream.jobs.labels;

import static io.emostream.jobs.labels.LabelRecords.sample;
import static io.emostream.jobs.labels.LabelRecords.vote;
import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.data.LabelledClipFiles;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.AnnotationSource;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soft-label job on a MiniCluster against a real broker: samples and votes in, labelled clips
 * out on the topic and in the dataset's Avro files, bad votes dead-lettered with their reasons.
 */
class SoftLabelJobITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  @TempDir Path dir;

  @Test
  void joinsSamplesAndVotesIntoLabelledClipsOnTheTopicAndInTheDataset() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    AvroCodec<ClipSample> samples = AvroCodec.of(ClipSample.class);
    AvroCodec<Annotation> votes = AvroCodec.of(Annotation.class);
    long t = Instant.now().minus(Duration.ofMinutes(30)).toEpochMilli();
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (String clip : List.of("full", "some", "one")) {
        send(
            producer,
            topics.clipSamples().name(),
            clip,
            samples.encode(sample(clip, "desk-1", "call-1", t)),
            t);
      }
      List<Annotation> cast = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        cast.add(
            vote("full", "ann-" + i, i < 7 ? Expression.HAPPY : Expression.SURPRISE, t + 1000));
      }
      cast.add(vote("full", "ann-0", Expression.SAD, t + 1500)); // after it closed: late
      cast.add(vote("some", "ann-1", Expression.SAD, t + 2000));
      cast.add(vote("some", "ann-1", Expression.SAD, t + 2100)); // the same annotator again
      cast.add(vote("some", "ann-2", Expression.SAD, t + 2200));
      cast.add(vote("some", "ann-3", Expression.NEUTRAL, t + 2300));
      cast.add(vote("one", "ann-1", Expression.FEAR, t + 2400)); // too few: expires
      cast.add(vote("ghost", "ann-1", Expression.FEAR, t + 2500)); // no such clip
      cast.add(
          new Annotation(
              "some",
              "ann-9",
              Instant.ofEpochMilli(t + 2600),
              Distributions.of(new float[] {0.9f, 0.9f, 0, 0, 0, 0, 0}),
              AnnotationSource.HUMAN)); // not a distribution
      for (Annotation a : cast) {
        send(
            producer,
            topics.annotations().name(),
            a.getClipId(),
            votes.encode(a),
            a.getAnnotatedTime().toEpochMilli());
      }
      send(producer, topics.annotations().name(), "x", "not avro".getBytes(), t + 3000);
    }

    Path dataset = dir.resolve("dataset");
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                KafkaOptions.BOOTSTRAP_SERVERS.key(),
                TestKafka.bootstrapServers(),
                KafkaOptions.TOPICS_FILE.key(),
                topicsFile.toString(),
                KafkaOptions.STARTING_OFFSETS.key(),
                "EARLIEST",
                KafkaOptions.DELIVERY.key(),
                "AT_LEAST_ONCE",
                LabelOptions.DATASET_DIR.key(),
                dataset.toString(),
                LabelOptions.MIN_VOTES.key(),
                "3"));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            Configuration.fromMap(Map.of("restart-strategy.type", "none")));
    env.setParallelism(2);
    env.enableCheckpointing(500); // the dataset's files are committed on checkpoints
    SoftLabelJob.onKafka(conf, true).build(env);
    env.execute("soft-labels-it");

    List<LabelledClip> labelled =
        TestKafka.readValues(
            topics.labelledClips().name(),
            AvroCodec.of(LabelledClip.class),
            2,
            Duration.ofSeconds(20));
    assertThat(labelled)
        .extracting(c -> c.getClip().getClipId())
        .containsExactlyInAnyOrder("full", "some");
    LabelledClip full =
        labelled.stream().filter(c -> c.getClip().getClipId().equals("full")).findFirst().get();
    assertThat(Distributions.toArray(full.getSoftLabel()))
        .containsExactly(0, 0.7f, 0, 0, 0, 0, 0.3f);
    assertThat(full.getVoteCount()).isEqualTo(10);
    assertThat(full.getClip().getFrames()).hasSize(2);

    List<String> inFiles = new ArrayList<>();
    for (Path file : LabelledClipFiles.list(dataset)) {
      assertThat(file.getParent().getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2}");
      try (var reader =
          new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(LabelledClip.class))) {
        reader.forEach(c -> inFiles.add(c.getClip().getClipId().toString()));
      }
    }
    assertThat(inFiles).containsExactlyInAnyOrder("full", "some");

    assertThat(
            TestKafka.readValues(
                topics.deadLetters().name(),
                AvroCodec.of(DeadLetter.class),
                5,
                Duration.ofSeconds(20)))
        .extracting(DeadLetter::getReason)
        .containsExactlyInAnyOrder(
            DeadLetterReason.LATE_EVENT,
            DeadLetterReason.DUPLICATE_VOTE,
            DeadLetterReason.UNKNOWN_CLIP,
            DeadLetterReason.INVALID_VOTE,
            DeadLetterReason.NOT_AVRO_SINGLE_OBJECT);
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value, long time)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, null, time, key.getBytes(), value)).get();
  }
}
