package io.emostream.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/** Options of the streaming scoring job. */
public final class ScoringOptions {

  public static final ConfigOption<Duration> STATS_WINDOW =
      key("scoring.stats.window").durationType().defaultValue(Duration.ofSeconds(2))
          .withDescription("Event-time window of the per-camera frame statistics.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      key("scoring.watermark.out-of-orderness").durationType().defaultValue(Duration.ofSeconds(1))
          .withDescription("How far behind the newest capture time a frame may arrive and still count.");

  public static final ConfigOption<Duration> IDLENESS =
      key("scoring.watermark.idleness").durationType().defaultValue(Duration.ofSeconds(10))
          .withDescription("A source split without frames for this long stops holding back event time.");

  public static final ConfigOption<Integer> FRAME_MAX_SIDE =
      key("scoring.frame.max-side").intType().defaultValue(4096)
          .withDescription("Largest accepted frame width or height in pixels; larger frames are dead-lettered.");

  public static final ConfigOption<MemorySize> FRAME_MAX_PAYLOAD =
      key("scoring.frame.max-payload").memoryType().defaultValue(MemorySize.parse("32mb"))
          .withDescription("Largest accepted image, inline or behind a claim check; larger ones are dead-lettered as OVERSIZED.");

  public static final ConfigOption<Duration> FRAME_MAX_FUTURE =
      key("scoring.frame.max-future").durationType().defaultValue(Duration.ofMinutes(1))
          .withDescription("Frames whose capture time is further ahead of this job's clock are dead-lettered.");

  private ScoringOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(STATS_WINDOW, OUT_OF_ORDERNESS, IDLENESS, FRAME_MAX_SIDE, FRAME_MAX_PAYLOAD, FRAME_MAX_FUTURE);
  }
}
