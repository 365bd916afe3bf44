package io.emostream.ingest;

import ai.djl.Device;
import io.emostream.ingest.IngestOptions.EdgeFaces;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.topic.TopicSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge publisher: one thread per camera, one shared Kafka producer. {@link #await()} returns
 * when every finite source has finished (live sources run until {@link #close()}); close stops the
 * cameras and flushes the producer, so nothing handed over is lost.
 *
 * <pre>{@code
 * try (Ingest ingest = Ingest.start(List.of(CameraSpec.of("lobby", "rtsp://cam/1", settings)), settings, kafka)) {
 *   ingest.await();
 * }
 * }</pre>
 */
public final class Ingest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  /** Room for the event's other fields and Avro framing next to an inline image. */
  private static final long RECORD_OVERHEAD = 64 * 1024;

  private final FramePublisher publisher;
  private final List<CameraIngest> cameras = new ArrayList<>();
  private final List<EdgeFaceDetector> detectors = new ArrayList<>();
  private final List<Future<Long>> running = new ArrayList<>();
  private final ExecutorService threads;
  private final ClaimCheckStore claimChecks;

  private Ingest(FramePublisher publisher, ClaimCheckStore claimChecks, int cameraCount) {
    this.publisher = publisher;
    this.claimChecks = claimChecks;
    this.threads = Executors.newFixedThreadPool(cameraCount, r -> new Thread(r, "ingest-camera"));
  }

  public static Ingest start(List<CameraSpec> specs, Settings conf, KafkaTarget kafka)
      throws Exception {
    specs.forEach(CameraSpec::requireProcessingAllowed);
    TopicSpec frames = kafka.topics().frames();
    long threshold =
        conf.getOptional(IngestOptions.CLAIM_CHECK_THRESHOLD)
            .orElse(frames.maxMessageBytes() - RECORD_OVERHEAD);
    FramePublisher publisher =
        new FramePublisher(
            kafka.clientProperties(),
            kafka.bootstrapServers(),
            frames.name(),
            frames.maxMessageBytes(),
            conf.get(IngestOptions.MAX_IN_FLIGHT),
            conf.get(IngestOptions.ON_BACKPRESSURE));
    ClaimCheckStore store;
    try {
      store = ClaimCheckStore.open(conf);
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
    Ingest ingest = new Ingest(publisher, store, specs.size());
    Duration timeout = conf.get(IngestOptions.OPEN_TIMEOUT);
    Instant startTime = Instant.now();
    try {
      for (CameraSpec spec : specs) {
        EdgeFaceDetector edge = null;
        if (spec.edgeFaces() != EdgeFaces.OFF) {
          edge = new EdgeFaceDetector(spec.edgeFaces(), Device.cpu(), 0.5);
          ingest.detectors.add(edge);
        }
        CameraIngest camera =
            new CameraIngest(
                spec,
                c -> open(c, timeout),
                publisher,
                store,
                threshold,
                edge,
                conf.get(IngestOptions.RECONNECT_INITIAL),
                conf.get(IngestOptions.RECONNECT_MAX),
                startTime);
        ingest.cameras.add(camera);
      }
    } catch (Exception e) {
      ingest.close();
      throw e;
    }
    for (int i = 0; i < specs.size(); i++) {
      CameraSpec spec = specs.get(i);
      LOG.info(
          "ingesting {} from {} ({}) at {} fps, consent {}",
          spec.cameraId(),
          spec.source().location(),
          spec.source().kind(),
          spec.fps(),
          spec.consent());
      ingest.running.add(ingest.threads.submit(ingest.cameras.get(i)));
    }
    return ingest;
  }

  static FrameSource open(CameraSpec camera, Duration timeout) throws IOException {
    SourceUri s = camera.source();
    if (s.kind() == SourceUri.Kind.IMAGE_FOLDER) {
      return new ImageFolderSource(
          Path.of(s.location()),
          camera.fps() > 0 ? camera.fps() : 5,
          (file, why) -> {
            IngestMetrics.DROPPED.labelValues(camera.cameraId(), "bad_frame").inc();
            LOG.warn("{}: {} skipped: {}", camera.cameraId(), file, why);
          });
    }
    return FfmpegFrameSource.open(s, (int) Math.max(1, timeout.toSeconds()));
  }

  /**
   * Waits for every camera; returns the frames each handed to Kafka, in the order cameras were
   * given. Rethrows a camera's failure.
   */
  public List<Long> await() throws Exception {
    List<Long> counts = new ArrayList<>();
    for (Future<Long> f : running) {
      counts.add(f.get());
    }
    publisher.flush();
    return counts;
  }

  @Override
  public void close() {
    cameras.forEach(CameraIngest::stop);
    threads.shutdownNow(); // interrupts sleeps (backoff, pacing) and blocked publishers
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
    claimChecks.close();
    detectors.forEach(EdgeFaceDetector::close);
  }
}
