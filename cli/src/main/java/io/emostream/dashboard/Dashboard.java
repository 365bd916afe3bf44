package io.emostream.dashboard;

import io.emostream.follow.OutputRecords;
import io.emostream.schemas.topic.KafkaTopics;
import java.net.InetSocketAddress;
import org.apache.flink.configuration.Configuration;

/**
 * The live dashboard running: a read_committed consumer of the scores, aggregates and alerts topics
 * (from their end), the event feed, and the web server. Closing stops all three.
 */
public final class Dashboard implements AutoCloseable {
  private final OutputRecords consumer;
  private final DashboardServer server;

  private Dashboard(OutputRecords consumer, DashboardServer server) {
    this.consumer = consumer;
    this.server = server;
  }

  public static Dashboard start(Configuration conf, String bootstrapServers, KafkaTopics topics)
      throws Exception {
    DashboardFeed feed = new DashboardFeed(conf.get(DashboardOptions.HISTORY));
    DashboardServer server =
        new DashboardServer(
                new InetSocketAddress(
                    conf.get(DashboardOptions.HOST), conf.get(DashboardOptions.PORT)),
                feed,
                conf.getOptional(DashboardOptions.TOKEN).orElse(null))
            .start();
    try {
      return new Dashboard(
          OutputRecords.start(conf, bootstrapServers, topics, feed::accept), server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public String url() {
    return server.url();
  }

  @Override
  public void close() throws Exception {
    try {
      consumer.close();
    } finally {
      server.close();
    }
  }
}
