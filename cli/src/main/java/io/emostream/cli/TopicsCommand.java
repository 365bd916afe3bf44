package io.emostream.cli;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.schemas.topic.StrimziTopics;
import io.emostream.schemas.topic.TopicAdmin;
import io.emostream.schemas.topic.TopicSpec;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code emostream topics list|create}: the topic definition, and applying it to a Kafka cluster.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Lists EmoStream's topics or creates the missing ones on a Kafka cluster.",
      "The definition is infra/kafka/topics.yaml (bundled), or the file named by kafka.topics-file."
    },
    footer = {
      "",
      "Example:  bin/emostream topics create --bootstrap-servers kafka-1:9092",
      "          bin/emostream topics strimzi > infra/k8s/kafka-topics.yaml"
    })
final class TopicsCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Parameters(
      index = "0",
      paramLabel = "ACTION",
      description =
          "list, create, or strimzi (print the definition as Strimzi KafkaTopic resources)")
  Action action;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      descriptionKey = "kafka.bootstrap-servers",
      description = "Kafka bootstrap servers, for 'create' (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Spec CommandSpec spec;

  @Option(
      names = "--strimzi-cluster",
      defaultValue = "emostream",
      description = "The Strimzi Kafka cluster, for 'strimzi' (default ${DEFAULT-VALUE}).")
  String strimziCluster;

  enum Action {
    list,
    create,
    strimzi
  }

  @Override
  public Integer call() {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    KafkaIo kafka = new KafkaIo(conf);
    if (action == Action.strimzi) {
      System.out.print(StrimziTopics.yaml(kafka.topics(), strimziCluster));
      return 0;
    }
    if (action == Action.list) {
      System.out.printf(
          "%-16s %-34s %10s %11s  %s%n", "ID", "TOPIC", "PARTITIONS", "RETENTION", "VALUE");
      for (TopicSpec t : kafka.topics().all()) {
        System.out.printf(
            "%-16s %-34s %10d %11s  %s%n",
            t.id(), t.name(), t.partitions(), retention(t), t.valueType());
      }
      return 0;
    }
    List<String> created =
        TopicAdmin.createMissing(
            kafka.bootstrapServers(), KafkaOptions.clientProperties(conf), kafka.topics());
    System.out.println(
        "created "
            + created.size()
            + " topic(s) on "
            + kafka.bootstrapServers()
            + (created.isEmpty() ? "" : ": " + created));
    return 0;
  }

  private static String retention(TopicSpec t) {
    return t.retention()
        .map(d -> d.toHours() >= 48 ? d.toDays() + " d" : d.toHours() + " h")
        .orElse("forever");
  }
}
