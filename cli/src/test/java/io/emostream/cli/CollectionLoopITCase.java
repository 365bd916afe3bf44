package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.demo.EmbeddedPlatform;
import io.emostream.follow.OutputRecords;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.EmotionScore;
import io.emostream.schemas.event.LabelSource;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collection loop end to end on the embedded platform ({@code demo --loop}): synthetic faces →
 * scores with the built-in model (weak on them: v1) → clip samples, only from the camera whose
 * consent covers training → simulated annotators (honest: they vote from each clip's true mixture)
 * → labelled clips → retraining → gated release v2 → scores carry v2, with no restart of the job.
 */
class CollectionLoopITCase {
  private static final String V1 = "face-api-1.7.15-frame-average";

  @TempDir Path dir;

  @Test
  void theLoopImprovesTheServedModelFromTheClipsItCollects() throws Exception {
    Configuration conf =
        EmoStreamConfig.load(
            null,
            Map.of(),
            Map.ofEntries(
                Map.entry("demo.loop", "true"),
                Map.entry("dashboard.port", "0"),
                Map.entry(
                    "kafka.topics-file", Path.of("..", "infra", "kafka", "topics.yaml").toString()),
                Map.entry("demo.kafka.port", "0"),
                Map.entry("metrics.port", "0"),
                Map.entry("metrics.reporter.prom.port", "0"),
                Map.entry("demo.data-dir", dir.resolve("data").toString()),
                Map.entry("demo.feed.fps", "25"),
                Map.entry("retrain.every-clips", "120"),
                Map.entry("retrain.min-clips", "120"),
                Map.entry("retrain.poll-interval", "2s")));
    List<Object> seen = new CopyOnWriteArrayList<>();
    List<String> console = new CopyOnWriteArrayList<>();
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(conf, console::add)) {
      Configuration clients = new Configuration(conf);
      clients.set(KafkaOptions.BOOTSTRAP_SERVERS, platform.bootstrapServers());
      KafkaTopics topics = KafkaTopics.load(Path.of(conf.get(KafkaOptions.TOPICS_FILE)));
      try (OutputRecords tail =
          OutputRecords.start(clients, platform.bootstrapServers(), topics, seen::add)) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && !servedV2(seen)) {
          Thread.sleep(500);
        }
      }
      assertThat(servedV2(seen))
          .as(
              "no score by a released model within 5 minutes; console:%n%s",
              String.join("\n", console))
          .isTrue();
    }

    List<ClipSample> samples = of(seen, ClipSample.class);
    assertThat(samples).hasSizeGreaterThanOrEqualTo(80);
    assertThat(samples)
        .allSatisfy(s -> assertThat(s.getProvenance().getCameraId()).isEqualTo("kiosk-1"));
    assertThat(of(seen, EmotionScore.class))
        .anySatisfy(s -> assertThat(s.getCameraId()).isEqualTo("desk-2"));
    List<LabelledClip> labelled = of(seen, LabelledClip.class);
    assertThat(labelled).hasSizeGreaterThanOrEqualTo(80);
    assertThat(labelled.stream().map(c -> c.getLabelSource() + "/" + c.getVoteCount()).distinct())
        .containsExactly(LabelSource.ANNOTATORS + "/10");
    ModelRelease v2 = of(seen, ModelRelease.class).get(0);
    assertThat(v2.getParentVersion()).isEqualTo(V1);
    assertThat(console).anyMatch(l -> l.contains(v2.getVersion() + ": released: UAR"));
    // The same job serves v1, then v2: both cameras' scores switch without a restart.
    List<String> versions =
        of(seen, EmotionScore.class).stream()
            .map(EmotionScore::getModelVersion)
            .distinct()
            .toList();
    assertThat(versions).startsWith(V1).contains(v2.getVersion());
    assertThat(console).noneMatch(l -> l.contains("retraining failed"));
  }

  private static boolean servedV2(List<Object> seen) {
    return of(seen, EmotionScore.class).stream().anyMatch(s -> !s.getModelVersion().equals(V1));
  }

  private static <T> List<T> of(List<Object> seen, Class<T> type) {
    return seen.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
