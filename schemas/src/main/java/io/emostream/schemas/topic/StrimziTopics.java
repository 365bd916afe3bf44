package io.emostream.schemas.topic;

import java.util.Map;
import java.util.TreeMap;

/**
 * The topic definition as Strimzi {@code KafkaTopic} resources (kafka.strimzi.io/v1beta2), one YAML
 * document per topic, so a Kubernetes deployment applies the same definition the embedded platform
 * does. {@code infra/k8s/kafka-topics.yaml} is this output; a test keeps them equal.
 */
public final class StrimziTopics {
  private StrimziTopics() {}

  /**
   * @param kafkaCluster the Strimzi Kafka cluster's name (the {@code strimzi.io/cluster} label)
   */
  public static String yaml(KafkaTopics topics, String kafkaCluster) {
    StringBuilder out =
        new StringBuilder(
            "# Generated from infra/kafka/topics.yaml by `bin/emostream topics strimzi`: do not edit.\n");
    for (TopicSpec t : topics.all()) {
      out.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1beta2\n")
          .append("kind: KafkaTopic\n")
          .append("metadata:\n")
          .append("  name: emostream-")
          .append(t.id())
          .append('\n')
          .append("  labels:\n")
          .append("    strimzi.io/cluster: ")
          .append(kafkaCluster)
          .append('\n')
          .append("spec:\n")
          .append("  topicName: ")
          .append(t.name())
          .append('\n')
          .append("  partitions: ")
          .append(t.partitions())
          .append('\n')
          .append("  replicas: ")
          .append(t.replicationFactor())
          .append('\n')
          .append("  config:\n");
      Map<String, String> config = new TreeMap<>(t.config());
      config.putIfAbsent("min.insync.replicas", "2");
      config.forEach(
          (k, v) -> out.append("    ").append(k).append(": \"").append(v).append("\"\n"));
    }
    return out.toString();
  }
}
