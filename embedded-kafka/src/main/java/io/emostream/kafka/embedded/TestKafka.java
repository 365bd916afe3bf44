package io.emostream.kafka.embedded;

import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.topic.TopicAdmin;
import io.emostream.schemas.topic.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One real in-JVM KRaft broker shared by the test classes of a JVM (started on first use, stopped
 * at JVM exit), with a fresh set of topics per test.
 */
public final class TestKafka {
  private static final AtomicInteger TOPIC_SETS = new AtomicInteger();
  private static final AvroCodec<FrameEvent> FRAMES = AvroCodec.of(FrameEvent.class);
  private static EmbeddedKafka broker;

  private TestKafka() {}

  public static synchronized String bootstrapServers() {
    if (broker == null) {
      try {
        Path dir = Files.createTempDirectory("test-kafka");
        broker = EmbeddedKafka.start(dir, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return broker.bootstrapServers();
  }

  /**
   * A copy of the bundled topic definition whose topic names carry a unique prefix, created on the
   * broker; returns the file, for {@code kafka.topics-file}.
   */
  public static Path freshTopics(Path dir) {
    return topics(
        dir,
        "t"
            + TOPIC_SETS.incrementAndGet()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + ".");
  }

  /**
   * The topic set with a fixed {@code prefix} (e.g. to restore a stored savepoint, whose Kafka
   * source state names its topics), created if missing.
   */
  public static Path topics(Path dir, String prefix) {
    try (InputStream in =
        KafkaTopics.class.getResourceAsStream("/io/emostream/schemas/topic/topics.yaml")) {
      String yaml =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("name: emostream.", "name: " + prefix + "emostream.");
      Path file = Files.writeString(dir.resolve("topics-" + prefix + "yaml"), yaml);
      KafkaTopics topics = KafkaTopics.load(file);
      TopicAdmin.createMissing(bootstrapServers(), topics);
      awaitLeaders(topics);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the broker leads every partition of the new topics. Right after creation it may
   * still answer NOT_LEADER_OR_FOLLOWER; an idempotent producer that retried into that was seen to
   * stall with OUT_OF_ORDER_SEQUENCE_NUMBER on a fresh broker. ListOffsets is served by the leader
   * only, and the admin client retries it until the leader answers.
   */
  private static void awaitLeaders(KafkaTopics topics) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
      for (TopicSpec spec : topics.all()) {
        for (int i = 0; i < spec.partitions(); i++) {
          partitions.put(new TopicPartition(spec.name(), i), OffsetSpec.latest());
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          // Right after creation the admin client may not see the topic's metadata yet, and
          // ListOffsets does not retry that: ask again until the deadline.
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
              || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("the new test topics got no leader: " + e.getMessage(), e);
    }
  }

  public static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends a frame keyed by its camera, with the record timestamp = capture time (the frame
   * contract).
   */
  public static RecordMetadata send(
      KafkaProducer<byte[], byte[]> producer, String topic, FrameEvent frame) {
    try {
      return producer
          .send(
              new ProducerRecord<>(
                  topic,
                  null,
                  frame.getCaptureTime().toEpochMilli(),
                  frame.getCameraId().getBytes(StandardCharsets.UTF_8),
                  FRAMES.encode(frame)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot publish frame " + frame.getSequence() + " of " + frame.getCameraId(), e);
    }
  }

  /** The decoded values of every committed record of a topic (see {@link #readAll}). */
  public static <T extends SpecificRecord> List<T> readValues(
      String topic, AvroCodec<T> codec, int expected, Duration timeout) {
    List<T> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(topic, expected, timeout)) {
      try {
        values.add(codec.decode(r.value()));
      } catch (RecordDecodeException e) {
        throw new AssertionError(
            topic + "/" + r.partition() + "@" + r.offset() + " does not decode: " + e.getMessage(),
            e);
      }
    }
    return values;
  }

  /**
   * Every committed record of a topic, waiting until at least {@code expected} arrived or the
   * timeout.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic, int expected, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        var batch = consumer.poll(Duration.ofMillis(300));
        batch.forEach(records::add);
        if (records.size() >= expected && batch.isEmpty()) {
          break; // got what was expected, and nothing more is coming
        }
      }
    }
    return records;
  }
}
