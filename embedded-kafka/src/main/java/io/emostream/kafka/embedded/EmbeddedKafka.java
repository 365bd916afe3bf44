package io.emostream.kafka.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller combined), running in
 * this JVM: the same {@link KafkaRaftServer} that {@code kafka-server-start.sh} runs, after the
 * same storage formatting that {@code kafka-storage.sh format} does.
 *
 * <p>This is the only class that touches Kafka-internal server APIs.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("var/kafka"), 0)) {
 *   String bootstrap = kafka.bootstrapServers(); // e.g. 127.0.0.1:41234
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  /** The SASL listener's SCRAM mechanism. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

  private final KafkaRaftServer server;
  private final int port;
  private final int saslPort;

  private EmbeddedKafka(KafkaRaftServer server, int port, int saslPort) {
    this.server = server;
    this.port = port;
    this.saslPort = saslPort;
  }

  /**
   * Formats {@code dataDir} if it is empty and starts the broker.
   *
   * @param port client port, or 0 for any free port
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
    return start(dataDir, port, overrides, -1);
  }

  /**
   * A broker with a second listener, SASL_PLAINTEXT with SCRAM-SHA-256, that admits only {@code
   * users} (name → password), as a secured production cluster would; the PLAINTEXT listener stays
   * for the broker's own use and to create the credentials.
   */
  public static EmbeddedKafka startWithScram(Path dataDir, Map<String, String> users) {
    EmbeddedKafka kafka = start(dataDir, 0, Map.of(), freePort());
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin client = Admin.create(admin)) {
      List<UserScramCredentialAlteration> credentials = new ArrayList<>();
      users.forEach(
          (user, password) ->
              credentials.add(
                  new UserScramCredentialUpsertion(
                      user,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                      password)));
      client.alterUserScramCredentials(credentials).all().get();
    } catch (Exception e) {
      kafka.close();
      throw new IllegalStateException("cannot create SCRAM credentials: " + e.getMessage(), e);
    }
    return kafka;
  }

  private static EmbeddedKafka start(
      Path dataDir, int port, Map<String, String> overrides, int saslPort) {
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Path logDir = dataDir.resolve("log");
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka data directory " + logDir, e);
    }
    Properties props = brokerProperties(logDir, clientPort, controllerPort);
    if (saslPort > 0) {
      String sasl = "SASL://" + HOST + ":" + saslPort;
      props.setProperty("listeners", props.getProperty("listeners") + "," + sasl);
      props.setProperty(
          "advertised.listeners", props.getProperty("advertised.listeners") + "," + sasl);
      props.setProperty(
          "listener.security.protocol.map",
          props.getProperty("listener.security.protocol.map") + ",SASL:SASL_PLAINTEXT");
      props.setProperty("sasl.enabled.mechanisms", SCRAM_MECHANISM);
      props.setProperty(
          "listener.name.sasl.scram-sha-256.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    overrides.forEach(props::setProperty);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    format(config, logDir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      throw new IllegalStateException(
          "embedded Kafka broker failed to start on port " + clientPort + ": " + e.getMessage(), e);
    }
    return new EmbeddedKafka(server, clientPort, saslPort);
  }

  /** One combined broker and controller (node 1, a quorum of itself), as this class runs it. */
  static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    // One node: every internal topic has one replica.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Topics come from infra/kafka/topics.yaml only; a typo must not create a topic.
    p.setProperty("auto.create.topics.enable", "false");
    // Frames can be large; topic-level max.message.bytes then decides per topic.
    p.setProperty("message.max.bytes", String.valueOf(16 << 20));
    p.setProperty("replica.fetch.max.bytes", String.valueOf(16 << 20));
    p.setProperty("log.segment.bytes", String.valueOf(64 << 20));
    return p;
  }

  private static void format(KafkaConfig config, Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return; // already formatted: keep the data of an earlier run
    }
    try {
      new Formatter()
          .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
          .setNodeId(config.nodeId())
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toAbsolutePath().toString()))
          .setMetadataLogDirectory(config.metadataLogDir())
          .setControllerListenerName("CONTROLLER")
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The SASL_PLAINTEXT (SCRAM) listener of a broker started with {@link #startWithScram}. */
  public String saslBootstrapServers() {
    if (saslPort < 0) {
      throw new IllegalStateException("this broker has no SASL listener");
    }
    return HOST + ":" + saslPort;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
