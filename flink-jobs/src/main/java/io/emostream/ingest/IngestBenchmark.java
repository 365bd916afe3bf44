package io.emostream.ingest;

import io.emostream.jobs.config.EmoStreamConfig;
import io.emostream.jobs.config.IngestOptions;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.embedded.EmbeddedKafka;
import io.emostream.jobs.io.TopicAdmin;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Frames/s one ingest process sustains from a video file (decode + resize + JPEG + publish to the
 * embedded broker, as fast as possible), next to FFmpeg decoding alone in the same process: the
 * ratio shows what the rest of the pipeline costs.
 */
public final class IngestBenchmark {
  /** One resolution's figures. */
  public record Result(String name, int width, int height, int frames, double decodeFps, double ingestFps) {}

  private IngestBenchmark() {}

  public static List<Result> run(Path workDir, int frames, int maxSide, double quality) throws Exception {
    Files.createDirectories(workDir);
    Path p720 = video(workDir, "720p", frames, 1280, 720);
    Path p1080 = video(workDir, "1080p", frames, 1920, 1080);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createTempDirectory(workDir, "kafka"), 0)) {
      TopicAdmin.createMissing(kafka.bootstrapServers(), KafkaTopics.bundled());
      Configuration conf = EmoStreamConfig.load(null, Map.of(), Map.of(
          KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
          IngestOptions.CONSENT_PURPOSE.key(), "benchmark",
          IngestOptions.FPS.key(), "0",
          IngestOptions.REALTIME.key(), "false",
          IngestOptions.MAX_SIDE.key(), String.valueOf(maxSide),
          IngestOptions.JPEG_QUALITY.key(), String.valueOf(quality),
          IngestOptions.ON_BACKPRESSURE.key(), "BLOCK",
          IngestOptions.CLAIM_CHECK_DIR.key(), workDir.resolve("blobs").toString()));
      ingest(conf, p720); // warm-up: JIT, FFmpeg and producer connections
      return List.of(measure(conf, "720p", 1280, 720, frames, p720), measure(conf, "1080p", 1920, 1080, frames, p1080));
    }
  }

  private static Path video(Path dir, String name, int frames, int w, int h) throws Exception {
    Path file = dir.resolve(name + "-" + frames + "f.mp4");
    return Files.exists(file) ? file : SampleVideos.mp4(file, frames, 30, w, h);
  }

  private static Result measure(Configuration conf, String name, int w, int h, int frames, Path video) throws Exception {
    long start = System.nanoTime();
    int decoded = 0;
    try (FrameSource source = FfmpegFrameSource.open(SourceUri.parse(video.toString()), 10)) {
      while (source.read() != null) {
        decoded++;
      }
    }
    double decodeFps = decoded / ((System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    long published = ingest(conf, video);
    double ingestFps = published / ((System.nanoTime() - start) / 1e9);
    return new Result(name, w, h, (int) published, decodeFps, ingestFps);
  }

  private static long ingest(Configuration conf, Path video) throws Exception {
    try (Ingest ingest = Ingest.start(List.of(CameraSpec.of("bench-cam", video.toString(), conf)), conf)) {
      return ingest.await().get(0);
    }
  }

  public static String table(List<Result> results, int maxSide) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
        "| source | frames | decode only (frames/s) | ingest: decode + resize to ≤%d + JPEG + publish (frames/s) | ingest / decode |%n| --- | --- | --- | --- | --- |%n",
        maxSide));
    for (Result r : results) {
      t.append(String.format(Locale.ROOT, "| %s H.264 %dx%d | %d | %.1f | %.1f | %.2f |%n", r.name(), r.width(), r.height(), r.frames(),
          r.decodeFps(), r.ingestFps(), r.ingestFps() / r.decodeFps()));
    }
    return t.toString();
  }
}
