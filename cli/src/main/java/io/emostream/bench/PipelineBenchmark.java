package io.emostream.bench;

import io.emostream.demo.EmbeddedPlatform;
import io.emostream.follow.OutputRecords;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.schemas.event.CameraFrameStats;
import io.emostream.schemas.event.EmotionScore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Runs the whole job on the embedded platform with the sample feed and measures what reaches the
 * output topics: sustained frames/s and clips/s, and end-to-end latency (capture of a clip's last
 * frame → the score readable on the emotion-scores topic).
 */
public final class PipelineBenchmark {
  /** Measured over the measurement period only (after warm-up). */
  public record Report(
      double seconds,
      double framesPerSecond,
      double clipsPerSecond,
      long p50,
      long p95,
      long p99,
      int scores) {}

  private PipelineBenchmark() {}

  public static Report run(Configuration conf, Duration warmup, Duration measure) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long[] frames = new long[1];
    long[] window = new long[2]; // start, end of measurement (ms)
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(conf, line -> {})) {
      KafkaIo kafka = new KafkaIo(withBootstrap(conf, platform.bootstrapServers()));
      try (OutputRecords tail =
          OutputRecords.start(
              conf,
              platform.bootstrapServers(),
              kafka.topics(),
              record -> {
                long now = System.currentTimeMillis();
                if (window[0] == 0 || now < window[0] || now > window[1]) {
                  return;
                }
                if (record instanceof EmotionScore s) {
                  latencies.add(now - s.getWindowEnd().toEpochMilli());
                } else if (record instanceof CameraFrameStats s) {
                  synchronized (frames) {
                    frames[0] += s.getFrameCount();
                  }
                }
              })) {
        Thread.sleep(warmup.toMillis());
        window[1] = Long.MAX_VALUE;
        window[0] = System.currentTimeMillis();
        Thread.sleep(measure.toMillis());
        window[1] = System.currentTimeMillis();
      }
    }
    double seconds = (window[1] - window[0]) / 1000.0;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Report(
        seconds,
        frames[0] / seconds,
        sorted.size() / seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        sorted.size());
  }

  private static Configuration withBootstrap(Configuration conf, String bootstrap) {
    Configuration c = new Configuration(conf);
    c.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrap);
    return c;
  }

  static long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }
}
