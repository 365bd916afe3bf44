package io.emostream.ingest;

import io.emostream.ingest.IngestOptions.EdgeFaces;
import io.emostream.schemas.event.ClaimCheck;
import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's ingest loop: read → sample to the target rate → (pace files in real time) →
 * downscale → (edge face detection) → JPEG → inline or claim check → publish. A bad frame is
 * counted and skipped; a live source that fails is reopened with exponential backoff; a finite
 * source ends the loop. Capture time: the stream's timestamps for files (from the start time), wall
 * clock for live sources. Never logs image bytes.
 */
final class CameraIngest implements Callable<Long> {
  private static final Logger LOG = LoggerFactory.getLogger(CameraIngest.class);

  /** Opens the camera's source; called again after a live source fails. */
  interface SourceOpener {
    FrameSource open(CameraSpec camera) throws IOException;
  }

  private final CameraSpec camera;
  private final SourceOpener opener;
  private final FramePublisher publisher;
  private final ClaimCheckStore claimChecks;
  private final long claimCheckThreshold;
  private final EdgeFaceDetector edge;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Instant startTime;
  private volatile boolean running = true;

  CameraIngest(
      CameraSpec camera,
      SourceOpener opener,
      FramePublisher publisher,
      ClaimCheckStore claimChecks,
      long claimCheckThreshold,
      EdgeFaceDetector edge,
      Duration initialBackoff,
      Duration maxBackoff,
      Instant startTime) {
    this.camera = camera;
    this.opener = opener;
    this.publisher = publisher;
    this.claimChecks = claimChecks;
    this.claimCheckThreshold = claimCheckThreshold;
    this.edge = edge;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.startTime = startTime;
  }

  void stop() {
    running = false;
  }

  /**
   * @return frames handed to Kafka
   */
  @Override
  public Long call() throws Exception {
    String id = camera.cameraId();
    FrameEncoder encoder = new FrameEncoder(camera.maxSide(), camera.jpegQuality());
    FrameRateSampler sampler = new FrameRateSampler(camera.fps());
    long sequence = 0;
    long backoff = initialBackoff.toMillis();
    while (running) {
      FrameSource source;
      try {
        source = opener.open(camera);
      } catch (IOException e) {
        if (!camera.source().live()) {
          throw e;
        }
        LOG.warn("{}: {}; retrying in {} ms", id, e.getMessage(), backoff);
        IngestMetrics.RECONNECTS.labelValues(id).inc();
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff.toMillis());
        continue;
      }
      long firstMicros = Long.MIN_VALUE;
      long paceStartNanos = 0;
      try (source) {
        CapturedFrame frame;
        while (running && (frame = source.read()) != null) {
          backoff = initialBackoff.toMillis(); // frames flow again
          IngestMetrics.READ.labelValues(id).inc();
          boolean live = source.live() || frame.streamMicros() < 0;
          long clockMicros = live ? frame.wallClockMillis() * 1000 : frame.streamMicros();
          if (!sampler.keep(clockMicros)) {
            IngestMetrics.DROPPED.labelValues(id, "sampled_out").inc();
            continue;
          }
          if (!live && camera.realtime()) {
            if (firstMicros == Long.MIN_VALUE) {
              firstMicros = frame.streamMicros();
              paceStartNanos = System.nanoTime();
            }
            long waitNanos =
                paceStartNanos + (frame.streamMicros() - firstMicros) * 1000 - System.nanoTime();
            if (waitNanos > 0) {
              Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
          }
          Instant capture =
              live
                  ? Instant.ofEpochMilli(frame.wallClockMillis())
                  : startTime.plusNanos(frame.streamMicros() * 1000);
          try {
            if (publish(frame.image(), encoder, capture, sequence)) {
              sequence++;
            }
          } catch (IOException | RuntimeException e) {
            IngestMetrics.DROPPED.labelValues(id, "bad_frame").inc();
            LOG.warn("{}: frame at {} skipped: {}", id, capture, e.getMessage());
          }
        }
        if (running && !source.live()) {
          LOG.info("{}: {} finished after {} frames", id, camera.source().location(), sequence);
          break;
        }
      } catch (IOException e) {
        if (!source.live()) {
          throw e;
        }
        LOG.warn("{}: stream broke ({}); reconnecting in {} ms", id, e.getMessage(), backoff);
        IngestMetrics.RECONNECTS.labelValues(id).inc();
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff.toMillis());
      }
    }
    return sequence;
  }

  private boolean publish(
      BufferedImage original, FrameEncoder encoder, Instant capture, long sequence)
      throws Exception {
    BufferedImage image = encoder.scale(original);
    List<FaceBox> faces =
        edge == null || camera.edgeFaces() == EdgeFaces.OFF ? null : edge.apply(image);
    byte[] jpeg = encoder.jpeg(image);
    Object payload;
    if (jpeg.length > claimCheckThreshold) {
      ClaimCheck check = claimChecks.put(camera.cameraId(), sequence, jpeg);
      IngestMetrics.CLAIM_CHECKS.labelValues(camera.cameraId()).inc();
      payload = check;
    } else {
      payload = ByteBuffer.wrap(jpeg);
    }
    FrameEvent event =
        FrameEvent.newBuilder()
            .setCameraId(camera.cameraId())
            .setSessionId(camera.sessionId())
            .setSequence(sequence)
            .setCaptureTime(capture)
            .setWidth(image.getWidth())
            .setHeight(image.getHeight())
            .setEncoding(FrameEncoding.JPEG)
            .setPayload(payload)
            .setFaces(faces)
            .setConsent(camera.consent())
            .build();
    return publisher.publish(event, jpeg.length);
  }
}
