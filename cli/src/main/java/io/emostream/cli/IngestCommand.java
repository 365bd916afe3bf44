package io.emostream.cli;

import io.emostream.ingest.CameraSpec;
import io.emostream.ingest.Ingest;
import io.emostream.ingest.IngestOptions;
import io.emostream.schemas.config.Settings;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code emostream ingest}: the edge publisher from cameras, streams, files and folders to the
 * frames topic.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Publishes frame events from a camera source to the frames topic: a video file (MP4/H.264 and whatever FFmpeg decodes), an RTSP or HTTP (MJPEG) stream, a webcam (webcam:0 or /dev/video0) or a folder of images. Samples to --fps, downscales and JPEG-encodes, sends oversized frames through the claim-check store, optionally detects faces on the device, reconnects dropped streams, and flushes on Ctrl-C. Metrics on --metrics-port.",
    footer = {
      "",
      "Examples:",
      "  bin/emostream ingest --camera-id desk-1 --source call.mp4 --purpose call-quality",
      "  bin/emostream ingest --camera-id lobby --source rtsp://10.0.0.5/stream1 --fps 5 --edge-faces BOXES --purpose safety",
      "  bin/emostream ingest --cameras cameras.yaml --purpose call-quality"
    })
final class IngestCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;
  @Spec CommandSpec spec;

  @Option(
      names = "--camera-id",
      paramLabel = "ID",
      description = "Camera id: the Kafka key and the scores' camera.")
  String cameraId;

  @Option(
      names = "--source",
      paramLabel = "SRC",
      description = "File, folder, rtsp://, http(s):// URL, webcam:N or /dev/videoN.")
  String source;

  @Option(
      names = "--cameras",
      paramLabel = "FILE",
      descriptionKey = "ingest.cameras-file",
      description = "YAML list of cameras (instead of --camera-id/--source).")
  String camerasFile;

  @Mixin KafkaFlags kafkaFlags;

  @Option(
      names = "--fps",
      paramLabel = "F",
      descriptionKey = "ingest.fps",
      description = "Frames per second published (default ${DEFAULT-VALUE}).")
  Double fps;

  @Option(
      names = "--realtime",
      paramLabel = "true|false",
      descriptionKey = "ingest.realtime",
      description =
          "Replay files at their own pace (default ${DEFAULT-VALUE}); false: as fast as possible.")
  Boolean realtime;

  @Option(
      names = "--max-side",
      paramLabel = "PX",
      descriptionKey = "ingest.max-side",
      description = "Downscale to this longer side (default ${DEFAULT-VALUE}).")
  Integer maxSide;

  @Option(
      names = "--edge-faces",
      paramLabel = "MODE",
      descriptionKey = "ingest.edge-faces",
      description = "OFF, BOXES or FACES_ONLY (default ${DEFAULT-VALUE}).")
  String edgeFaces;

  @Option(
      names = "--purpose",
      paramLabel = "TEXT",
      descriptionKey = "ingest.consent.purpose",
      description = "Declared purpose (required).")
  String purpose;

  @Option(
      names = "--consent",
      paramLabel = "SCOPE",
      descriptionKey = "ingest.consent.scope",
      description = "NONE, ANALYTICS or ANALYTICS_AND_TRAINING (default ${DEFAULT-VALUE}).")
  String consent;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      descriptionKey = "ingest.metrics-port",
      description = "Prometheus endpoint; 0 picks a free port (default ${DEFAULT-VALUE}).")
  Integer metricsPort;

  @Override
  public Integer call() throws Exception {
    Configuration loaded = config.load(ConfigDefaults.givenSettings(spec));
    Settings conf = EmoStreamConfig.ingestSettings(loaded);
    List<CameraSpec> cameras =
        conf.getOptional(IngestOptions.CAMERAS_FILE).isPresent()
            ? CameraSpec.fromFile(Path.of(conf.get(IngestOptions.CAMERAS_FILE)), conf)
            : List.of(CameraSpec.of(cameraId, require(source, "--source"), conf));
    try (HTTPServer metrics =
            HTTPServer.builder()
                .hostname(conf.get(IngestOptions.METRICS_HOST))
                .port(conf.get(IngestOptions.METRICS_PORT))
                .buildAndStart();
        Ingest ingest = Ingest.start(cameras, conf, EmoStreamConfig.ingestTarget(loaded))) {
      Thread main = Thread.currentThread();
      Thread hook =
          new Thread(
              () -> {
                ingest.close(); // Ctrl-C: stop cameras, flush what was handed to Kafka
                main.interrupt();
              },
              "ingest-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      System.err.println(
          "ingest: "
              + cameras.size()
              + " camera(s); metrics on http://"
              + conf.get(IngestOptions.METRICS_HOST)
              + ":"
              + metrics.getPort()
              + "/metrics");
      List<Long> published;
      try {
        published = ingest.await();
      } catch (InterruptedException | CancellationException e) {
        System.err.println("ingest: stopped; every frame handed to Kafka was flushed");
        return 0;
      }
      for (int i = 0; i < cameras.size(); i++) {
        System.out.println(
            cameras.get(i).cameraId() + ": " + published.get(i) + " frames published");
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }

  private static String require(String value, String flag) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " is required (or --cameras FILE)");
    }
    return value;
  }
}
