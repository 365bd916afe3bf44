package io.emostream.cli;

import picocli.CommandLine.Option;

/** {@code --bootstrap-servers}, tied to the setting {@code kafka.bootstrap-servers}. */
final class KafkaFlags {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      descriptionKey = "kafka.bootstrap-servers",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;
}
