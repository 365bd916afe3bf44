package io.emostream.ingest;

import io.emostream.schemas.topic.KafkaTopics;
import java.util.Properties;

/**
 * The Kafka cluster frames go to: bootstrap servers, the client properties every client gets
 * ({@code kafka.properties.*}: security and the like) and the topic definition.
 */
public record KafkaTarget(
    String bootstrapServers, Properties clientProperties, KafkaTopics topics) {}
