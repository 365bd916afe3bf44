package io.emostream.demo;

import io.emostream.model.sample.SampleFrames;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.StreamConsent;
import io.emostream.schemas.topic.TopicSpec;
import io.prometheus.metrics.core.metrics.Counter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link FrameEvent}s of a few {@link CameraSource}s (by default looping over {@link
 * SampleFrames}) at a fixed rate, the way an edge device would: keyed by camera id, record
 * timestamp = capture time, idempotent producer. Camera i goes to partition i mod partitions: a few
 * cameras spread the way a large fleet's hashed keys do on average (hashed, 8 sample cameras land
 * 2, 3, 0, 3 on 4 partitions, so one of two subtasks would get three quarters of the frames and the
 * benchmark would measure hash luck). Its own thread; {@link #close()} stops it and flushes what
 * was sent.
 */
public final class SampleCameraFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SampleCameraFeed.class);
  private static final int LOOP_FRAMES = 24;

  private static final Counter PUBLISHED =
      Counter.builder()
          .name("emostream_feed_frames_published_total")
          .help("Frames the sample feed published")
          .labelNames("camera")
          .register();
  private static final Counter BYTES =
      Counter.builder()
          .name("emostream_feed_bytes_published_total")
          .help("Image bytes the sample feed published")
          .labelNames("camera")
          .register();
  private static final Counter FAILED =
      Counter.builder()
          .name("emostream_feed_frames_failed_total")
          .help("Frames Kafka did not accept")
          .labelNames("camera")
          .register();

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService timer;
  private final String topic;
  private final int partitions;
  private final List<CameraSource> cameras;

  private final AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
  private long sequence;

  private SampleCameraFeed(
      String bootstrapServers,
      TopicSpec frames,
      List<CameraSource> cameras,
      Properties clientProps) {
    this.topic = frames.name();
    this.cameras = List.copyOf(cameras);
    Properties props = new Properties();
    props.putAll(clientProps);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "emostream-sample-feed");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(frames.maxMessageBytes()));
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.partitions = producer.partitionsFor(topic).size();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sample-camera-feed"));
  }

  /**
   * Starts publishing {@code fps} frames per second for each of {@code cameras} cameras looping
   * over the sample face video (consent ANALYTICS: scored, never kept).
   */
  public static SampleCameraFeed start(
      String bootstrapServers,
      TopicSpec frames,
      int cameras,
      double fps,
      boolean withEdgeBoxes,
      Properties clientProps) {
    List<List<byte[]>> loops = new ArrayList<>();
    for (int c = 0; c < cameras; c++) {
      loops.add(SampleFrames.jpegLoop(LOOP_FRAMES, c, 0.85f));
    }
    List<List<List<FaceBox>>> boxes = withEdgeBoxes ? EdgeDetector.detect(loops) : null;
    StreamConsent consent = new StreamConsent(ConsentScope.ANALYTICS, "emostream-demo");
    List<CameraSource> sources = new ArrayList<>();
    for (int c = 0; c < cameras; c++) {
      sources.add(
          new SampleLoop(cameraId(c), consent, loops.get(c), boxes == null ? null : boxes.get(c)));
    }
    return start(bootstrapServers, frames, sources, fps, clientProps);
  }

  /** Starts publishing {@code fps} frames per second for each camera. */
  public static SampleCameraFeed start(
      String bootstrapServers,
      TopicSpec frames,
      List<CameraSource> cameras,
      double fps,
      Properties clientProps) {
    if (cameras.isEmpty() || fps <= 0) {
      throw new IllegalArgumentException(
          "the sample feed needs at least one camera and a positive fps, got "
              + cameras.size()
              + " cameras at "
              + fps
              + " fps");
    }
    SampleCameraFeed feed = new SampleCameraFeed(bootstrapServers, frames, cameras, clientProps);
    long periodMicros = Math.round(1_000_000 / fps);
    for (CameraSource c : cameras) {
      FAILED.labelValues(c.cameraId()); // exists at 0 from the start, so rate() works
    }
    feed.timer.scheduleAtFixedRate(feed::publishTick, 0, periodMicros, TimeUnit.MICROSECONDS);
    return feed;
  }

  public static String cameraId(int index) {
    return "sample-cam-" + (index + 1);
  }

  private void publishTick() {
    try {
      Instant now = Instant.now();
      for (int c = 0; c < cameras.size(); c++) {
        CameraSource source = cameras.get(c);
        CameraSource.Frame shown = source.next(now);
        byte[] jpeg = shown.jpeg();
        String camera = source.cameraId();
        FrameEvent frame =
            FrameEvent.newBuilder()
                .setCameraId(camera)
                .setSequence(sequence)
                .setCaptureTime(now)
                .setWidth(shown.width())
                .setHeight(shown.height())
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(jpeg))
                .setFaces(shown.faces())
                .setConsent(source.consent())
                .build();
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                topic,
                c % partitions,
                now.toEpochMilli(),
                camera.getBytes(StandardCharsets.UTF_8),
                codec.encode(frame));
        producer.send(
            record,
            (metadata, error) -> {
              if (error != null) {
                FAILED.labelValues(camera).inc();
                LOG.warn(
                    "frame {} of {} not published: {}",
                    frame.getSequence(),
                    camera,
                    error.getMessage());
              } else {
                PUBLISHED.labelValues(camera).inc();
                BYTES.labelValues(camera).inc(jpeg.length);
              }
            });
      }
      sequence++;
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep the feed alive.
      LOG.warn("sample feed tick failed: {}", e.toString());
    }
  }

  /** A camera looping over the sample face video. */
  private static final class SampleLoop implements CameraSource {
    private final String id;
    private final StreamConsent consent;
    private final List<byte[]> loop;
    private final List<List<FaceBox>> boxes;
    private int next;

    SampleLoop(String id, StreamConsent consent, List<byte[]> loop, List<List<FaceBox>> boxes) {
      this.id = id;
      this.consent = consent;
      this.loop = loop;
      this.boxes = boxes;
    }

    @Override
    public String cameraId() {
      return id;
    }

    @Override
    public StreamConsent consent() {
      return consent;
    }

    @Override
    public Frame next(Instant time) {
      int index = next;
      next = (next + 1) % loop.size();
      return new Frame(
          loop.get(index),
          SampleFrames.SIDE,
          SampleFrames.SIDE,
          boxes == null ? null : boxes.get(index));
    }
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10)); // flushes what was sent
  }
}
