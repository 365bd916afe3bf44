package io.emostream.demo;

import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.CameraFrameStats;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.DeadLetter;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints what the jobs write to Kafka, one line per record, as a dashboard would see it: emotion
 * scores, camera statistics, aggregates, alerts, dead letters, and the collection loop's clip
 * samples, labelled clips and model releases. Reads committed records only, from the end of the
 * topics at start.
 */
public final class ConsoleTail implements AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final String statsTopic;
  private final String scoresTopic;
  private final AvroCodec<EmotionScore> scores = AvroCodec.of(EmotionScore.class);
  private final AvroCodec<CameraFrameStats> stats = AvroCodec.of(CameraFrameStats.class);
  private final AvroCodec<DeadLetter> deadLetters = AvroCodec.of(DeadLetter.class);
  private final String aggregatesTopic;
  private final String alertsTopic;
  private final AvroCodec<EmotionAggregate> aggregates = AvroCodec.of(EmotionAggregate.class);
  private final AvroCodec<EmotionAlert> alerts = AvroCodec.of(EmotionAlert.class);
  private final Consumer<Object> out;
  private final Map<String, AvroCodec<?>> loopCodecs = new HashMap<>();
  private volatile boolean running = true;

  private ConsoleTail(
      String bootstrapServers, KafkaTopics topics, Properties clientProps, Consumer<Object> out) {
    this.out = out;
    this.statsTopic = topics.cameraStats().name();
    this.scoresTopic = topics.emotionScores().name();
    this.aggregatesTopic = topics.emotionAggregates().name();
    this.alertsTopic = topics.emotionAlerts().name();
    Properties props = new Properties();
    props.putAll(clientProps);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "emostream-console");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    loopCodecs.put(topics.clipSamples().name(), AvroCodec.of(ClipSample.class));
    loopCodecs.put(topics.labelledClips().name(), AvroCodec.of(LabelledClip.class));
    loopCodecs.put(topics.modelReleases().name(), AvroCodec.of(ModelRelease.class));
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
    thread = new Thread(this::run, "console-tail");
    thread.setDaemon(true);
  }

  /** Prints one line per record to {@code out}. */
  public static ConsoleTail start(
      String bootstrapServers, KafkaTopics topics, Properties clientProps, Consumer<String> out) {
    return records(bootstrapServers, topics, clientProps, record -> out.accept(format(record)));
  }

  /**
   * Hands each decoded record to {@code out} as it arrives: an {@link EmotionScore}, a {@link
   * CameraFrameStats}, a {@link DeadLetter}, or a {@link String} describing an unreadable record.
   */
  public static ConsoleTail records(
      String bootstrapServers, KafkaTopics topics, Properties clientProps, Consumer<Object> out) {
    ConsoleTail tail = new ConsoleTail(bootstrapServers, topics, clientProps, out);
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

  /** The console line of scores, statistics and dead letters; JSON for any other record. */
  public static String formatOrJson(org.apache.avro.specific.SpecificRecord record) {
    if (record instanceof EmotionScore
        || record instanceof CameraFrameStats
        || record instanceof EmotionAggregate
        || record instanceof EmotionAlert
        || record instanceof ClipSample
        || record instanceof LabelledClip
        || record instanceof ModelRelease
        || record instanceof DeadLetter) {
      return format(record);
    }
    return io.emostream.schemas.codec.AvroJson.line(record);
  }

  static String format(Object record) {
    if (record instanceof EmotionScore s) {
      return format(s);
    }
    if (record instanceof EmotionAggregate a) {
      float[] share = Distributions.toArray(a.getShare());
      return String.format(
          Locale.ROOT,
          "AGGREGATE  %s-%s  %-22s %-7s clips=%d faces=%d  dominant %s %.0f%%  ambiguity %.2f",
          TIME.format(a.getWindowStart()),
          TIME.format(a.getWindowEnd()),
          a.getSessionId() == null ? a.getCameraId() : a.getCameraId() + "/" + a.getSessionId(),
          a.getScope(),
          a.getClips(),
          a.getFaces(),
          a.getDominant().name().toLowerCase(Locale.ROOT),
          100 * share[a.getDominant().ordinal()],
          a.getMeanAmbiguity());
    }
    if (record instanceof EmotionAlert a) {
      return String.format(
          Locale.ROOT, "ALERT  %s  %s  %s", a.getSeverity(), a.getCameraId(), a.getMessage());
    }
    if (record instanceof CameraFrameStats s) {
      return format(s);
    }
    if (record instanceof ClipSample c) {
      return String.format(
          Locale.ROOT,
          "SAMPLE  clip %s of %s (%s): %d crops of %dpx for annotation",
          c.getClipId().substring(0, Math.min(8, c.getClipId().length())),
          c.getProvenance().getCameraId(),
          c.getProvenance().getSamplingReason(),
          c.getFrames().size(),
          c.getCropSize());
    }
    if (record instanceof LabelledClip c) {
      float[] p = Distributions.toArray(c.getSoftLabel());
      Expression top = Distributions.top(p);
      return String.format(
          Locale.ROOT,
          "LABELLED  clip %s of %s: %s %.2f from %d %s votes%s",
          c.getClip().getClipId().substring(0, Math.min(8, c.getClip().getClipId().length())),
          c.getClip().getProvenance().getCameraId(),
          top.name().toLowerCase(Locale.ROOT),
          p[top.ordinal()],
          c.getVoteCount(),
          c.getLabelSource(),
          c.getAgreement() == null
              ? ""
              : String.format(Locale.ROOT, ", agreement %.2f", c.getAgreement()));
    }
    if (record instanceof ModelRelease r) {
      return String.format(
          Locale.ROOT,
          "RELEASE  %s  held-out UAR %.3f WAR %.3f  (parent %s): the scoring job hot-swaps to it",
          r.getVersion(),
          r.getMetrics().getOrDefault("uar", Double.NaN),
          r.getMetrics().getOrDefault("war", Double.NaN),
          r.getParentVersion());
    }
    if (record instanceof DeadLetter d) {
      return String.format(
          Locale.ROOT,
          "DEAD LETTER  %s/%d@%d  %s: %s",
          d.getSourceTopic(),
          d.getSourcePartition(),
          d.getSourceOffset(),
          d.getReason(),
          d.getDetail());
    }
    return String.valueOf(record);
  }

  static String format(EmotionScore s) {
    float[] p = Distributions.toArray(s.getDistribution());
    StringBuilder bars = new StringBuilder();
    for (Expression e : Expression.values()) {
      bars.append(
          String.format(
              Locale.ROOT,
              " %s %.2f",
              e.name().substring(0, 3).toLowerCase(Locale.ROOT),
              p[e.ordinal()]));
    }
    return String.format(
        Locale.ROOT,
        "SCORE  %s-%s  %-22s %-8s %.2f  ambiguity %.2f  %2d frames%s  latency %d ms  [%s]",
        TIME.format(s.getWindowStart()),
        TIME.format(s.getWindowEnd()),
        s.getTrackId(),
        s.getTopClass().name().toLowerCase(Locale.ROOT),
        s.getConfidence(),
        s.getAmbiguity(),
        s.getFrameCount(),
        bars,
        s.getProcessingLatencyMillis(),
        s.getModelVersion());
  }

  static String format(CameraFrameStats s) {
    return String.format(
        Locale.ROOT,
        "%s-%s  %-14s frames=%-3d %dx%d  %6.1f KiB  lag<=%d ms",
        TIME.format(s.getWindowStart()),
        TIME.format(s.getWindowEnd()),
        s.getCameraId(),
        s.getFrameCount(),
        s.getWidth(),
        s.getHeight(),
        s.getPayloadBytes() / 1024.0,
        s.getMaxProcessingLagMillis());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}
