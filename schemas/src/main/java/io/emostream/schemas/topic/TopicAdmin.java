package io.emostream.schemas.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates EmoStream's topics from their declarative definition; topics that exist are left as they
 * are.
 */
public final class TopicAdmin {
  private TopicAdmin() {}

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  /** Creates the missing topics with a client that needs no settings (a local broker). */
  public static List<String> createMissing(String bootstrapServers, KafkaTopics topics) {
    return createMissing(bootstrapServers, new Properties(), topics);
  }

  /**
   * Creates the missing topics.
   *
   * @param clientProperties Kafka client settings ({@code kafka.properties.*}: SASL, TLS, ...), the
   *     same every other EmoStream client uses
   * @return the names of the topics that were created
   */
  public static List<String> createMissing(
      String bootstrapServers, Properties clientProperties, KafkaTopics topics) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "emostream-topic-admin");
    try (Admin admin = Admin.create(props)) {
      int brokers = admin.describeCluster().nodes().get().size();
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec spec : topics.all()) {
        if (!existing.contains(spec.name())) {
          // A development cluster may have fewer brokers than production's replication factor.
          short replication = (short) Math.min(spec.replicationFactor(), brokers);
          if (replication < spec.replicationFactor()) {
            LOG.warn(
                "creating {} with replication factor {} instead of {}: the cluster has {} broker(s);"
                    + " a production cluster needs at least {}",
                spec.name(),
                replication,
                spec.replicationFactor(),
                brokers,
                spec.replicationFactor());
          }
          missing.add(
              new NewTopic(spec.name(), spec.partitions(), replication)
                  .configs(Map.copyOf(spec.config())));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }
}
