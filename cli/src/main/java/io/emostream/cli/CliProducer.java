package io.emostream.cli;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.io.KafkaIo;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer commands publish with (releases, imported annotations): the configured cluster and
 * client settings ({@code kafka.properties.*}), acks from all replicas, idempotent.
 */
final class CliProducer {
  private CliProducer() {}

  static KafkaProducer<byte[], byte[]> open(
      KafkaIo kafka, org.apache.flink.configuration.Configuration conf) {
    Properties props = KafkaOptions.clientProperties(conf);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
