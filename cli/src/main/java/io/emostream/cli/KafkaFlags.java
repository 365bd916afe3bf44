package io.emostream.cli;

import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers} and {@code --schema-registry-url}, tied to the settings {@code
 * kafka.bootstrap-servers} and {@code kafka.schema-registry.url}.
 */
final class KafkaFlags {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      descriptionKey = "kafka.bootstrap-servers",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      descriptionKey = "kafka.schema-registry.url",
      description =
          "A Confluent-compatible schema registry, for values in the registry wire format.")
  String schemaRegistryUrl;
}
