package io.emostream.follow;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.CameraFrameStats;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows what the jobs write to Kafka and hands each record, decoded, to a consumer (the demo's
 * console, the dashboard): emotion scores, camera statistics, aggregates, alerts, dead letters, and
 * the collection loop's clip samples, labelled clips and model releases. Reads committed records
 * only, from the end of the topics at start.
 */
public final class OutputRecords implements AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final String statsTopic;
  private final String scoresTopic;
  private final AvroCodec<EmotionScore> scores;
  private final AvroCodec<CameraFrameStats> stats;
  private final AvroCodec<DeadLetter> deadLetters;
  private final String aggregatesTopic;
  private final String alertsTopic;
  private final AvroCodec<EmotionAggregate> aggregates;
  private final AvroCodec<EmotionAlert> alerts;
  private final Consumer<Object> out;
  private final Map<String, AvroCodec<?>> loopCodecs = new HashMap<>();
  private volatile boolean running = true;

  private OutputRecords(
      Configuration conf, String bootstrapServers, KafkaTopics topics, Consumer<Object> out) {
    this.out = out;
    this.scores = KafkaIo.readCodec(conf, EmotionScore.class);
    this.stats = KafkaIo.readCodec(conf, CameraFrameStats.class);
    this.deadLetters = KafkaIo.readCodec(conf, DeadLetter.class);
    this.aggregates = KafkaIo.readCodec(conf, EmotionAggregate.class);
    this.alerts = KafkaIo.readCodec(conf, EmotionAlert.class);
    this.statsTopic = topics.cameraStats().name();
    this.scoresTopic = topics.emotionScores().name();
    this.aggregatesTopic = topics.emotionAggregates().name();
    this.alertsTopic = topics.emotionAlerts().name();
    Properties props = new Properties();
    props.putAll(KafkaOptions.clientProperties(conf));
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "emostream-console");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    loopCodecs.put(topics.clipSamples().name(), KafkaIo.readCodec(conf, ClipSample.class));
    loopCodecs.put(topics.labelledClips().name(), KafkaIo.readCodec(conf, LabelledClip.class));
    loopCodecs.put(topics.modelReleases().name(), KafkaIo.readCodec(conf, ModelRelease.class));
    List<String> read =
        new ArrayList<>(
            List.of(
                scoresTopic,
                statsTopic,
                aggregatesTopic,
                alertsTopic,
                topics.deadLetters().name()));
    read.addAll(loopCodecs.keySet());
    for (String topic : read) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(
        consumer::position); // resolve the end offsets now, before anything is produced
    thread = new Thread(this::run, "output-records");
    thread.setDaemon(true);
  }

  /**
   * Hands each decoded record to {@code out} as it arrives: an {@link EmotionScore}, a {@link
   * CameraFrameStats}, a {@link DeadLetter}, or a {@link String} describing an unreadable record.
   * Client properties and the schema registry (for registry-framed values) come from {@code conf}.
   */
  public static OutputRecords start(
      Configuration conf, String bootstrapServers, KafkaTopics topics, Consumer<Object> out) {
    OutputRecords tail = new OutputRecords(conf, bootstrapServers, topics, out);
    tail.thread.start();
    return tail;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          out.accept(decode(record));
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private Object decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (record.topic().equals(scoresTopic)) {
        return scores.decode(record.value());
      }
      if (record.topic().equals(statsTopic)) {
        return stats.decode(record.value());
      }
      if (record.topic().equals(aggregatesTopic)) {
        return aggregates.decode(record.value());
      }
      if (record.topic().equals(alertsTopic)) {
        return alerts.decode(record.value());
      }
      AvroCodec<?> loop = loopCodecs.get(record.topic());
      return loop != null ? loop.decode(record.value()) : deadLetters.decode(record.value());
    } catch (RecordDecodeException e) {
      return "UNREADABLE  "
          + record.topic()
          + "/"
          + record.partition()
          + "@"
          + record.offset()
          + ": "
          + e.getMessage();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}
