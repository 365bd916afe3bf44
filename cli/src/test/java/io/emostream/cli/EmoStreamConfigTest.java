package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.demo.DemoOptions;
import io.emostream.ingest.IngestOptions;
import io.emostream.jobs.config.AnalyticsOptions;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.schemas.config.Setting;
import io.emostream.schemas.config.Settings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmoStreamConfigTest {

  @Test
  void everyDeclaredOptionIsKnownSoItCanBeSet() throws Exception {
    Set<String> known = new HashSet<>();
    EmoStreamConfig.declared().forEach(o -> known.add(o.key()));
    for (Class<?> holder :
        List.of(
            KafkaOptions.class,
            ScoringOptions.class,
            AnalyticsOptions.class,
            DemoOptions.class,
            TrainingSettings.class,
            IngestOptions.class)) {
      for (Field f : holder.getFields()) {
        if (Modifier.isStatic(f.getModifiers())
            && (f.get(null) instanceof ConfigOption<?> || f.get(null) instanceof Setting<?>)) {
          String key =
              f.get(null) instanceof ConfigOption<?> o ? o.key() : ((Setting<?>) f.get(null)).key();
          assertThat(known)
              .as("%s.%s is not in its all() list", holder.getSimpleName(), f.getName())
              .contains(key);
        }
      }
    }
  }

  @Test
  void ingestSettingsAreLayeredLikeTheJobs() {
    Configuration conf =
        EmoStreamConfig.load(
            null,
            Map.of("EMOSTREAM_INGEST_FPS", "2"),
            Map.of("ingest.claim-check.threshold", "10kb"));
    Settings ingest = EmoStreamConfig.ingestSettings(conf);
    assertThat(ingest.get(IngestOptions.FPS)).isEqualTo(2.0);
    assertThat(ingest.get(IngestOptions.CLAIM_CHECK_THRESHOLD)).isEqualTo(10 * 1024L);
    assertThat(ingest.get(IngestOptions.RECONNECT_MAX)).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(
            () ->
                EmoStreamConfig.load(
                    null, Map.of(), Map.of("ingest.reconnect.max-backoff", "soon")))
        .hasMessageStartingWith("invalid value 'soon' for ingest.reconnect.max-backoff");
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    Configuration conf = EmoStreamConfig.load(null, Map.of(), Map.of());
    assertThat(conf.get(ScoringOptions.STATS_WINDOW)).isEqualTo(Duration.ofSeconds(2));
    assertThat(conf.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
    assertThat(conf.contains(KafkaOptions.BOOTSTRAP_SERVERS)).isFalse();
    // Metrics endpoints of the CLI processes stay on the loopback unless told otherwise.
    assertThat(conf.get(DemoOptions.METRICS_HOST)).isEqualTo("127.0.0.1");
    assertThat(EmoStreamConfig.ingestSettings(conf).get(IngestOptions.METRICS_HOST))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void flagsBeatEnvironmentBeatsFileBeatsDefaults(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("emostream.yaml"),
            """
        scoring:
          stats:
            window: 5s
          watermark.idleness: 30s
        kafka.bootstrap-servers: file:9092
        demo.feed.cameras: 3
        parallelism.default: 4
        """);
    Map<String, String> env =
        Map.of("EMOSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "EMOSTREAM_DEMO_FEED_CAMERAS", "5");

    Configuration conf = EmoStreamConfig.load(file, env, Map.of("demo.feed.cameras", "7"));

    assertThat(conf.get(ScoringOptions.STATS_WINDOW)).isEqualTo(Duration.ofSeconds(5));
    assertThat(conf.get(ScoringOptions.IDLENESS)).isEqualTo(Duration.ofSeconds(30));
    assertThat(conf.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("env:9092");
    assertThat(conf.get(DemoOptions.CAMERAS)).isEqualTo(7);
    assertThat(conf.toMap())
        .containsEntry("parallelism.default", "4"); // Flink's own keys pass through
  }

  @Test
  void theConfigFileCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "demo.feed.fps: 12.5\n");
    Configuration conf =
        EmoStreamConfig.load(
            null, Map.of(EmoStreamConfig.CONFIG_FILE_ENV, file.toString()), Map.of());
    assertThat(conf.get(DemoOptions.FPS)).isEqualTo(12.5);
  }

  @Test
  void rejectsAnUnknownEmoStreamKeyNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("typo.yaml"), "scoring.stat.window: 5s\n");
    assertThatThrownBy(() -> EmoStreamConfig.load(file, Map.of(), Map.of()))
        .hasMessageStartingWith("unknown setting 'scoring.stat.window' in " + file)
        .hasMessageContaining("scoring.stats.window");
  }

  @Test
  void rejectsAMalformedValueNamingTheKey() {
    assertThatThrownBy(
            () -> EmoStreamConfig.load(null, Map.of(), Map.of("scoring.stats.window", "soon")))
        .hasMessageStartingWith("invalid value 'soon' for scoring.stats.window");
  }

  @Test
  void passesKafkaClientPropertiesThrough() {
    Configuration conf =
        EmoStreamConfig.load(null, Map.of(), Map.of("kafka.properties.security.protocol", "SSL"));
    assertThat(KafkaOptions.clientProperties(conf)).containsEntry("security.protocol", "SSL");
  }

  @Test
  void namesEnvironmentVariables() {
    assertThat(EmoStreamConfig.envName("kafka.sink.delivery-guarantee"))
        .isEqualTo("EMOSTREAM_KAFKA_SINK_DELIVERY_GUARANTEE");
  }

  @Test
  void secretsComeFromReferencesAndConfigShowsTheReferenceNeverTheSecret() {
    String jaas = "kafka.properties.sasl.jaas.config";
    Configuration conf =
        EmoStreamConfig.load(
            null,
            Map.of("EMOSTREAM_TEST_KAFKA_PASSWORD", "pa55"),
            Map.of(jaas, "password=\"${env:EMOSTREAM_TEST_KAFKA_PASSWORD}\";"));
    assertThat(conf.toMap()).containsEntry(jaas, "password=\"pa55\";");
    assertThat(KafkaOptions.clientProperties(conf))
        .containsEntry("sasl.jaas.config", "password=\"pa55\";");

    Map<String, String> given =
        EmoStreamConfig.unresolved(
            null, Map.of(), Map.of(jaas, "password=\"${env:EMOSTREAM_TEST_KAFKA_PASSWORD}\";"));
    assertThat(ConfigCommand.shown(jaas, given.get(jaas)))
        .doesNotContain("pa55")
        .contains("${env:");
    assertThat(ConfigCommand.shown(jaas, "password=\"pa55\";")).isEqualTo("******");
  }
}
