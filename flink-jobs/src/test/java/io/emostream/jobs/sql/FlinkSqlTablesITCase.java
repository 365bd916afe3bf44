package io.emostream.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.TestMiniCluster;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.io.AvroRecordSerializationSchema;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.AggregateScope;
import io.emostream.schemas.event.AlertSeverity;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.registry.ContractSchemaRegistry;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.topic.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/flink-sql's tables, run with Flink's Table API on a MiniCluster against a real broker: each
 * declares every field of its record, and selecting from it returns the records as rows.
 */
class FlinkSqlTablesITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = TestMiniCluster.oneTaskManagerTwoSlots();

  private static final Path SQL = Path.of("..", "infra", "flink-sql").toAbsolutePath().normalize();
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

  @TempDir Path dir;

  @Test
  void theTablesReadTheTopics() throws Exception {
    KafkaTopics topics = KafkaTopics.load(TestKafka.freshTopics(dir));
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      send(producer, topics.emotionScores(), score("desk-1", Expression.HAPPY, 0));
      send(producer, topics.emotionScores(), score("desk-2", Expression.ANGRY, 1));
      send(producer, topics.emotionAggregates(), aggregate());
      send(producer, topics.emotionAlerts(), alert());
    }
    StreamTableEnvironment tables =
        StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
    table(tables, "emotion_scores.sql", topics.emotionScores(), EmotionScore.getClassSchema());
    table(
        tables,
        "emotion_aggregates.sql",
        topics.emotionAggregates(),
        EmotionAggregate.getClassSchema());
    table(tables, "emotion_alerts.sql", topics.emotionAlerts(), EmotionAlert.getClassSchema());

    assertThat(
            rows(
                tables,
                "SELECT `camera_id`, `top_class`, `confidence`, `distribution`.`happy`, `window_end`"
                    + " FROM emotion_scores"))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder( // two partitions: either order
            "+I[desk-1, HAPPY, 0.9, 0.9, " + T0.plusSeconds(2) + "]",
            "+I[desk-2, ANGRY, 0.9, 0.025, " + T0.plusSeconds(3) + "]");
    assertThat(
            rows(
                tables,
                "SELECT `scope`, `session_id`, `clips`, `dominant`, `share`.`happy` FROM emotion_aggregates"))
        .extracting(Object::toString)
        .containsExactly("+I[SESSION, call-7, 12, HAPPY, 0.75]");
    assertThat(rows(tables, "SELECT `rule`, `severity`, `value` FROM emotion_alerts"))
        .extracting(Object::toString)
        .containsExactly("+I[anger, CRITICAL, 0.6]");
  }

  /**
   * kafka.value-format=REGISTRY: the jobs' Kafka sink registers the schema under {@code
   * <topic>-value} and frames values with its id; the SQL table, given the registry, reads them
   * next to single-object values written before the switch.
   */
  @Test
  void registryFramedScoresWrittenByTheJobsSinkReadAsRows() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    try (ContractSchemaRegistry registry = ContractSchemaRegistry.start()) {
      try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
        send(producer, topics.emotionScores(), score("desk-0", Expression.SAD, 0)); // before
      }
      Configuration conf = new Configuration();
      conf.set(KafkaOptions.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
      conf.set(KafkaOptions.TOPICS_FILE, topicsFile.toString());
      conf.set(KafkaOptions.DELIVERY, KafkaOptions.Delivery.AT_LEAST_ONCE);
      conf.set(KafkaOptions.VALUE_FORMAT, KafkaOptions.ValueFormat.REGISTRY);
      conf.set(KafkaOptions.SCHEMA_REGISTRY_URL, registry.url());
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.fromData(score("desk-1", Expression.HAPPY, 1), score("desk-2", Expression.ANGRY, 2))
          .sinkTo(
              new KafkaIo(conf)
                  .sink(
                      topics.emotionScores(),
                      EmotionScore.class,
                      sc -> AvroRecordSerializationSchema.utf8(sc.getCameraId())));
      env.execute("registry-framed scores");

      String subject = topics.emotionScores().name() + "-value";
      assertThat(registry.subjects()).containsExactly(subject);
      assertThat(TestKafka.readAll(topics.emotionScores().name(), 3, Duration.ofSeconds(30)))
          .extracting(r -> r.value()[0])
          .containsExactlyInAnyOrder((byte) 0xC3, (byte) 0, (byte) 0);

      StreamTableEnvironment tables =
          StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
      table(
          tables,
          "emotion_scores.sql",
          topics.emotionScores(),
          EmotionScore.getClassSchema(),
          registry.url());
      assertThat(rows(tables, "SELECT `camera_id`, `top_class` FROM emotion_scores"))
          .extracting(Object::toString)
          .containsExactlyInAnyOrder("+I[desk-0, SAD]", "+I[desk-1, HAPPY]", "+I[desk-2, ANGRY]");
    }
  }

  private static void table(
      StreamTableEnvironment tables, String file, TopicSpec topic, Schema record) throws Exception {
    table(tables, file, topic, record, null);
  }

  /** Runs a file's DDL against the test's topic names and broker, as a bounded scan. */
  private static void table(
      StreamTableEnvironment tables, String file, TopicSpec topic, Schema record, String registry)
      throws Exception {
    String ddl =
        Files.readString(SQL.resolve(file))
            .replace(
                "'topic' = '" + topic.name().replaceFirst("^t\\d+-[0-9a-f]+\\.", "") + "'",
                "'topic' = '" + topic.name() + "'")
            .replace("'localhost:9092'", "'" + TestKafka.bootstrapServers() + "'")
            .replace(
                "'scan.startup.mode' = 'earliest-offset',",
                "'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',");
    if (registry != null) {
      ddl =
          ddl.replace(
              "'value.format' = 'emostream-avro',",
              "'value.format' = 'emostream-avro', 'value.emostream-avro.schema-registry.url' = '"
                  + registry
                  + "',");
    }
    assertThat(ddl).contains(topic.name());
    tables.executeSql(ddl.replaceAll("(?m)^--.*$", "").trim().replaceAll(";$", ""));
    String name = file.replace(".sql", "");
    List<String> columns = tables.from(name).getResolvedSchema().getColumnNames();
    assertThat(columns)
        .as("%s declares every field of %s", file, record.getName())
        .containsExactlyElementsOf(record.getFields().stream().map(Schema.Field::name).toList());
  }

  private static List<Row> rows(StreamTableEnvironment tables, String query) throws Exception {
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<Row> it = tables.executeSql(query).collect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void send(
      KafkaProducer<byte[], byte[]> producer, TopicSpec topic, SpecificRecord r) throws Exception {
    byte[] value = ((AvroCodec) AvroCodec.of(r.getClass())).encode(r);
    producer.send(new ProducerRecord<>(topic.name(), null, T0.toEpochMilli(), null, value)).get();
  }

  private static float[] peaked(Expression top) {
    float[] p = new float[7];
    for (int i = 0; i < 7; i++) {
      p[i] = i == top.ordinal() ? 0.9f : 0.1f / 6;
    }
    p[Expression.HAPPY.ordinal()] = top == Expression.HAPPY ? 0.9f : 0.025f;
    return p;
  }

  private static EmotionScore score(String camera, Expression top, int i) {
    float[] p = peaked(top);
    return EmotionScore.newBuilder()
        .setCameraId(camera)
        .setSessionId(null)
        .setTrackId(camera + "/t1")
        .setWindowStart(T0.plusSeconds(i))
        .setWindowEnd(T0.plusSeconds(2 + i))
        .setFrameCount(16)
        .setDistribution(Distributions.of(p))
        .setTopClass(top)
        .setConfidence(0.9f)
        .setAmbiguity(0.3f)
        .setModelVersion("v1")
        .setProcessingLatencyMillis(1200)
        .build();
  }

  private static EmotionAggregate aggregate() {
    float[] share = {0.25f, 0.75f, 0, 0, 0, 0, 0};
    return EmotionAggregate.newBuilder()
        .setScope(AggregateScope.SESSION)
        .setCameraId("desk-1")
        .setSessionId("call-7")
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(60))
        .setClips(12)
        .setFaces(1)
        .setShare(Distributions.of(share))
        .setMeanDistribution(Distributions.of(share))
        .setMeanAmbiguity(0.2f)
        .setDominant(Expression.HAPPY)
        .build();
  }

  private static EmotionAlert alert() {
    return EmotionAlert.newBuilder()
        .setAlertId("a-1")
        .setCameraId("desk-1")
        .setSessionId("call-7")
        .setTrackId(null)
        .setRule("anger")
        .setSeverity(AlertSeverity.CRITICAL)
        .setExpression(Expression.ANGRY)
        .setValue(0.6f)
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(30))
        .setMessage("anger: 60% of clips ANGRY")
        .setCreatedTime(T0.plusSeconds(31))
        .build();
  }
}
