package io.emostream.ingest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;

/** Prometheus metrics of ingest, labelled by camera (on the process's metrics endpoint). */
final class IngestMetrics {
  static final Counter READ =
      Counter.builder()
          .name("emostream_ingest_frames_read_total")
          .help("Frames decoded from the source")
          .labelNames("camera")
          .register();
  static final Counter PUBLISHED =
      Counter.builder()
          .name("emostream_ingest_frames_published_total")
          .help("Frames Kafka acknowledged")
          .labelNames("camera")
          .register();
  static final Counter DROPPED =
      Counter.builder()
          .name("emostream_ingest_frames_dropped_total")
          .help(
              "Frames not published, by reason: sampled_out (frame-rate control), bad_frame, backpressure, kafka_error")
          .labelNames("camera", "reason")
          .register();
  static final Counter BYTES =
      Counter.builder()
          .name("emostream_ingest_bytes_published_total")
          .help("Image bytes published inline or behind claim checks")
          .labelNames("camera")
          .register();
  static final Counter CLAIM_CHECKS =
      Counter.builder()
          .name("emostream_ingest_claim_checks_total")
          .help("Frames too large for a record, stored as blobs")
          .labelNames("camera")
          .register();
  static final Counter RECONNECTS =
      Counter.builder()
          .name("emostream_ingest_reconnects_total")
          .help("Times a live source was reopened after an error")
          .labelNames("camera")
          .register();
  static final Gauge LAG =
      Gauge.builder()
          .name("emostream_ingest_lag_seconds")
          .help("Wall clock minus capture time of the last published frame")
          .labelNames("camera")
          .register();

  private IngestMetrics() {}
}
