package io.emostream.cli;

import io.emostream.demo.ConsoleTail;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.AvroJson;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.topic.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emostream tail TOPIC}: any EmoStream topic, one record per line, from any cluster. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the records of an EmoStream topic as they arrive (committed records only), one per"
          + " line: scores, statistics and dead letters as the demo console shows them, anything"
          + " else (or everything, with --json) as JSON. Bytes fields (images) are printed as their"
          + " size only.",
      "TOPIC is a logical id of infra/kafka/topics.yaml (emotion-scores, camera-stats,"
          + " dead-letters, frames, ...) or a topic name."
    },
    footer = {
      "",
      "Example:  bin/emostream tail emotion-scores --json --bootstrap-servers kafka-1:9092"
    })
final class TailCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "Logical id or topic name.")
  String topic;

  @Option(names = "--json", description = "Every record as one line of JSON.")
  boolean json;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest retained record instead of the end.")
  boolean fromBeginning;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "Stop after N records (default: run until Ctrl-C).")
  Long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Stop when no record arrived for this long, e.g. 10s (default: never).")
  String timeout;

  @Mixin KafkaFlags kafkaFlags;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    KafkaIo kafka = new KafkaIo(conf);
    TopicSpec spec =
        kafka.topics().all().stream()
            .filter(t -> t.id().equals(topic) || t.name().equals(topic))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no topic '"
                            + topic
                            + "' in the topic definition; known: "
                            + kafka.topics().all().stream().map(TopicSpec::id).toList()));
    @SuppressWarnings("unchecked")
    AvroCodec<? extends SpecificRecord> codec =
        KafkaIo.readCodec(conf, (Class<? extends SpecificRecord>) Class.forName(spec.valueType()));

    Properties props = KafkaOptions.clientProperties(conf);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "emostream-tail");
    long printed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(spec.name()).stream()
              .map(p -> new TopicPartition(spec.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      Duration quiet = timeout == null ? null : TimeUtils.parseDuration(timeout);
      long quietSince = System.nanoTime();
      while (max == null || printed < max) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()
            && quiet != null
            && System.nanoTime() - quietSince > quiet.toNanos()) {
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          quietSince = System.nanoTime();
          System.out.println(line(codec, r));
          if (max != null && ++printed >= max) {
            break;
          }
        }
      }
    }
    return 0;
  }

  private String line(AvroCodec<? extends SpecificRecord> codec, ConsumerRecord<byte[], byte[]> r) {
    try {
      SpecificRecord value = codec.decode(r.value());
      return json ? AvroJson.line(value) : ConsoleTail.formatOrJson(value);
    } catch (RecordDecodeException e) {
      String where = r.topic() + "/" + r.partition() + "@" + r.offset();
      return json
          ? "{\"unreadable\":\"" + where + "\",\"reason\":\"" + e.reason() + "\"}"
          : "UNREADABLE  " + where + ": " + e.getMessage();
    }
  }
}
