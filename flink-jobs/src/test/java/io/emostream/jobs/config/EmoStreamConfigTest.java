package io.emostream.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmoStreamConfigTest {

  @Test
  void everyDeclaredOptionIsKnownSoItCanBeSet() throws Exception {
    java.util.Set<String> known = new java.util.HashSet<>();
    EmoStreamConfig.options().forEach(o -> known.add(o.key()));
    for (Class<?> holder : java.util.List.of(KafkaOptions.class, ScoringOptions.class, DemoOptions.class, TrainingSettings.class, IngestOptions.class)) {
      for (java.lang.reflect.Field f : holder.getFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.get(null) instanceof org.apache.flink.configuration.ConfigOption<?> o) {
          assertThat(known).as("%s.%s is not in its all() list", holder.getSimpleName(), f.getName()).contains(o.key());
        }
      }
    }
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    Configuration conf = EmoStreamConfig.load(null, Map.of(), Map.of());
    assertThat(conf.get(ScoringOptions.STATS_WINDOW)).isEqualTo(Duration.ofSeconds(2));
    assertThat(conf.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
    assertThat(conf.contains(KafkaOptions.BOOTSTRAP_SERVERS)).isFalse();
  }

  @Test
  void flagsBeatEnvironmentBeatsFileBeatsDefaults(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("emostream.yaml"), """
        scoring:
          stats:
            window: 5s
          watermark.idleness: 30s
        kafka.bootstrap-servers: file:9092
        demo.feed.cameras: 3
        parallelism.default: 4
        """);
    Map<String, String> env = Map.of("EMOSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "EMOSTREAM_DEMO_FEED_CAMERAS", "5");

    Configuration conf = EmoStreamConfig.load(file, env, Map.of("demo.feed.cameras", "7"));

    assertThat(conf.get(ScoringOptions.STATS_WINDOW)).isEqualTo(Duration.ofSeconds(5));
    assertThat(conf.get(ScoringOptions.IDLENESS)).isEqualTo(Duration.ofSeconds(30));
    assertThat(conf.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("env:9092");
    assertThat(conf.get(DemoOptions.CAMERAS)).isEqualTo(7);
    assertThat(conf.toMap()).containsEntry("parallelism.default", "4"); // Flink's own keys pass through
  }

  @Test
  void theConfigFileCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "demo.feed.fps: 12.5\n");
    Configuration conf = EmoStreamConfig.load(null, Map.of(EmoStreamConfig.CONFIG_FILE_ENV, file.toString()), Map.of());
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
    assertThatThrownBy(() -> EmoStreamConfig.load(null, Map.of(), Map.of("scoring.stats.window", "soon")))
        .hasMessageStartingWith("invalid value 'soon' for scoring.stats.window");
  }

  @Test
  void passesKafkaClientPropertiesThrough() {
    Configuration conf = EmoStreamConfig.load(null, Map.of(), Map.of("kafka.properties.security.protocol", "SSL"));
    assertThat(KafkaOptions.clientProperties(conf)).containsEntry("security.protocol", "SSL");
  }

  @Test
  void namesEnvironmentVariables() {
    assertThat(EmoStreamConfig.envName("kafka.sink.delivery-guarantee")).isEqualTo("EMOSTREAM_KAFKA_SINK_DELIVERY_GUARANTEE");
  }
}
