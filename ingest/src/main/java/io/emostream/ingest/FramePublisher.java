package io.emostream.ingest;

import io.emostream.ingest.IngestOptions.Backpressure;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.FrameEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes frame events to the frames topic, keyed by camera, with the capture time as the record
 * timestamp (the scoring job's event time). At most {@code maxInFlight} frames wait for Kafka, so
 * memory stays bounded when Kafka is slow: then {@link Backpressure#BLOCK} slows the reader and
 * {@link Backpressure#DROP} drops the frame (counted). Shared by every camera of the process.
 */
final class FramePublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FramePublisher.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final Semaphore inFlight;
  private final Backpressure policy;
  private final AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);

  FramePublisher(
      Properties clientProps,
      String bootstrapServers,
      String topic,
      int maxRecordBytes,
      int maxInFlight,
      Backpressure policy) {
    Properties props = new Properties();
    props.putAll(clientProps);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "emostream-ingest");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        "true"); // no duplicates or reordering on producer retries
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxRecordBytes));
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.inFlight = new Semaphore(maxInFlight);
    this.policy = policy;
  }

  /**
   * @return false when the frame was dropped for backpressure
   */
  boolean publish(FrameEvent frame, long payloadBytes) throws InterruptedException {
    String camera = frame.getCameraId();
    if (policy == Backpressure.DROP) {
      if (!inFlight.tryAcquire()) {
        IngestMetrics.DROPPED.labelValues(camera, "backpressure").inc();
        return false;
      }
    } else {
      inFlight.acquire();
    }
    long capture = frame.getCaptureTime().toEpochMilli();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, null, capture, camera.getBytes(StandardCharsets.UTF_8), codec.encode(frame));
    try {
      producer.send(
          record,
          (metadata, error) -> {
            inFlight.release();
            if (error != null) {
              IngestMetrics.DROPPED.labelValues(camera, "kafka_error").inc();
              LOG.warn(
                  "frame {} of {} not published: {}",
                  frame.getSequence(),
                  camera,
                  error.getMessage());
            } else {
              IngestMetrics.PUBLISHED.labelValues(camera).inc();
              IngestMetrics.BYTES.labelValues(camera).inc(payloadBytes);
              IngestMetrics.LAG
                  .labelValues(camera)
                  .set((System.currentTimeMillis() - capture) / 1000.0);
            }
          });
    } catch (RuntimeException e) {
      inFlight.release();
      IngestMetrics.DROPPED.labelValues(camera, "kafka_error").inc();
      LOG.warn("frame {} of {} not published: {}", frame.getSequence(), camera, e.getMessage());
    }
    return true;
  }

  /** Waits until every frame handed over is acknowledged or failed. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30)); // flushes what was sent
    inFlight.release(Integer.MAX_VALUE / 2); // wake blocked publishers, if any
  }
}
