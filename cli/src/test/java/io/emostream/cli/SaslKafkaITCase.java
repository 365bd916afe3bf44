package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.scoring.ScoringJob;
import io.emostream.kafka.embedded.EmbeddedKafka;
import io.emostream.model.sample.SampleFrames;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.StreamConsent;
import io.emostream.schemas.topic.KafkaTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka cluster that requires SASL/SCRAM: with the right credentials (given as a {@code
 * ${file:…}} secret) topic administration and the scoring job work; with wrong ones the CLI fails
 * with a clear message.
 */
class SaslKafkaITCase {
  private static final String USER = "emostream";
  private static final String PASSWORD = "right-password";

  @TempDir Path dir;
  private EmbeddedKafka kafka;

  @BeforeEach
  void secureBroker() {
    kafka = EmbeddedKafka.startWithScram(dir.resolve("kafka"), Map.of(USER, PASSWORD));
  }

  @AfterEach
  void stop() {
    kafka.close();
  }

  @Test
  void topicsAndTheScoringJobWorkWithTheRightCredentialsAndFailClearlyWithWrongOnes()
      throws Exception {
    Path rightSecret = jaas("right", PASSWORD);
    Path wrongSecret = jaas("wrong", "not-the-password");

    Captured wrong = run(wrongSecret, "topics", "create");
    assertThat(wrong.exit).isNotZero();
    assertThat(wrong.err).contains("Authentication failed").doesNotContain("not-the-password");

    Captured right = run(rightSecret, "topics", "create");
    assertThat(right.exit).as(right.err).isZero();
    assertThat(right.out).contains("created " + KafkaTopics.bundled().all().size() + " topic(s)");

    Map<String, String> settings = secured(rightSecret);
    settings.put(KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST");
    settings.put(KafkaOptions.DELIVERY.key(), "AT_LEAST_ONCE");
    settings.put(ScoringOptions.CLIP_FRAMES.key(), "4");
    settings.put(ScoringOptions.CLIP_STRIDE.key(), "4");
    Configuration conf = EmoStreamConfig.load(null, Map.of(), settings);
    Properties client = KafkaOptions.clientProperties(conf);
    assertThat(client.getProperty("sasl.jaas.config")).contains(PASSWORD); // resolved from file
    client.put("bootstrap.servers", kafka.saslBootstrapServers());

    KafkaTopics topics = KafkaTopics.bundled();
    publishFrames(client, topics.frames().name(), 8);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    ScoringJob.onKafka(conf, true).build(env);
    env.execute("sasl-it");

    assertThat(readAll(client, topics.emotionScores().name()))
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(AvroCodec.of(EmotionScore.class).decode(r.value()).getCameraId())
                    .isEqualTo("cam-sasl"));
  }

  private Path jaas(String name, String password) throws Exception {
    return Files.writeString(
        dir.resolve(name + ".jaas"),
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + USER
            + "\" password=\""
            + password
            + "\";\n");
  }

  private Map<String, String> secured(Path secret) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.saslBootstrapServers());
    s.put("kafka.properties.security.protocol", "SASL_PLAINTEXT");
    s.put("kafka.properties.sasl.mechanism", EmbeddedKafka.SCRAM_MECHANISM);
    s.put("kafka.properties.sasl.jaas.config", "${file:" + secret + "}");
    return s;
  }

  private record Captured(int exit, String out, String err) {}

  private Captured run(Path secret, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    secured(secret).forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int exit = EmoStreamCli.run(args.toArray(String[]::new));
      return new Captured(
          exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static void publishFrames(Properties client, String topic, int count) throws Exception {
    Properties p = new Properties();
    p.putAll(client);
    List<byte[]> jpegs = SampleFrames.jpegLoop(count, 0, 0.8f);
    Instant t0 = Instant.now().minusSeconds(30);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        Instant at = t0.plusMillis(100L * i);
        FrameEvent frame =
            FrameEvent.newBuilder()
                .setCameraId("cam-sasl")
                .setSequence(i)
                .setCaptureTime(at)
                .setWidth(SampleFrames.SIDE)
                .setHeight(SampleFrames.SIDE)
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(jpegs.get(i)))
                .setConsent(new StreamConsent(ConsentScope.ANALYTICS, "test"))
                .build();
        producer
            .send(
                new ProducerRecord<>(
                    topic,
                    null,
                    at.toEpochMilli(),
                    "cam-sasl".getBytes(StandardCharsets.UTF_8),
                    AvroCodec.of(FrameEvent.class).encode(frame)))
            .get();
      }
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(Properties client, String topic) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        var batch = consumer.poll(Duration.ofMillis(300));
        batch.forEach(records::add);
        if (!records.isEmpty() && batch.isEmpty()) {
          break;
        }
      }
    }
    return records;
  }
}
