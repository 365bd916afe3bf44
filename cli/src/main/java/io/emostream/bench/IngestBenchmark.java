package io.emostream.bench;

import io.emostream.ingest.CameraSpec;
import io.emostream.ingest.FfmpegFrameSource;
import io.emostream.ingest.FrameSource;
import io.emostream.ingest.Ingest;
import io.emostream.ingest.IngestOptions;
import io.emostream.ingest.KafkaTarget;
import io.emostream.ingest.SampleVideos;
import io.emostream.ingest.SourceUri;
import io.emostream.kafka.embedded.EmbeddedKafka;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.topic.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Frames/s one ingest process sustains from a video file (decode + resize + JPEG + publish to the
 * embedded broker, as fast as possible), next to FFmpeg decoding alone in the same process: the
 * ratio shows what the rest of the pipeline costs.
 */
public final class IngestBenchmark {
  /** One resolution's figures. */
  public record Result(
      String name, int width, int height, int frames, double decodeFps, double ingestFps) {}

  private IngestBenchmark() {}

  public static List<Result> run(Path workDir, int frames, int maxSide, double quality)
      throws Exception {
    Files.createDirectories(workDir);
    Path p720 = video(workDir, "720p", frames, 1280, 720);
    Path p1080 = video(workDir, "1080p", frames, 1920, 1080);
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(Files.createTempDirectory(workDir, "kafka"), 0)) {
      TopicAdmin.createMissing(kafka.bootstrapServers(), KafkaTopics.bundled());
      KafkaTarget target =
          new KafkaTarget(kafka.bootstrapServers(), new Properties(), KafkaTopics.bundled());
      Settings conf =
          Settings.of(
              Map.of(
                  IngestOptions.CONSENT_PURPOSE.key(), "benchmark",
                  IngestOptions.FPS.key(), "0",
                  IngestOptions.REALTIME.key(), "false",
                  IngestOptions.MAX_SIDE.key(), String.valueOf(maxSide),
                  IngestOptions.JPEG_QUALITY.key(), String.valueOf(quality),
                  IngestOptions.ON_BACKPRESSURE.key(), "BLOCK",
                  IngestOptions.CLAIM_CHECK_STORE.key(), workDir.resolve("blobs").toString()));
      ingest(conf, target, p720); // warm-up: JIT, FFmpeg and producer connections
      return List.of(
          measure(conf, target, "720p", 1280, 720, frames, p720),
          measure(conf, target, "1080p", 1920, 1080, frames, p1080));
    }
  }

  private static Path video(Path dir, String name, int frames, int w, int h) throws Exception {
    Path file = dir.resolve(name + "-" + frames + "f.mp4");
    return Files.exists(file) ? file : SampleVideos.mp4(file, frames, 30, w, h);
  }

  private static Result measure(
      Settings conf, KafkaTarget target, String name, int w, int h, int frames, Path video)
      throws Exception {
    long start = System.nanoTime();
    int decoded = 0;
    try (FrameSource source = FfmpegFrameSource.open(SourceUri.parse(video.toString()), 10)) {
      while (source.read() != null) {
        decoded++;
      }
    }
    double decodeFps = decoded / ((System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    long published = ingest(conf, target, video);
    double ingestFps = published / ((System.nanoTime() - start) / 1e9);
    return new Result(name, w, h, (int) published, decodeFps, ingestFps);
  }

  private static long ingest(Settings conf, KafkaTarget target, Path video) throws Exception {
    try (Ingest ingest =
        Ingest.start(List.of(CameraSpec.of("bench-cam", video.toString(), conf)), conf, target)) {
      return ingest.await().get(0);
    }
  }

  public static String table(List<Result> results, int maxSide) {
    StringBuilder t =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "| source | frames | decode only (frames/s) | ingest: decode + resize to ≤%d + JPEG + publish (frames/s) | ingest / decode |%n| --- | --- | --- | --- | --- |%n",
                maxSide));
    for (Result r : results) {
      t.append(
          String.format(
              Locale.ROOT,
              "| %s H.264 %dx%d | %d | %.1f | %.1f | %.2f |%n",
              r.name(),
              r.width(),
              r.height(),
              r.frames(),
              r.decodeFps(),
              r.ingestFps(),
              r.ingestFps() / r.decodeFps()));
    }
    return t.toString();
  }
}
