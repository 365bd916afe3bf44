package io.emostream.jobs.frames;

import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.model.image.RgbFrame;
import io.emostream.model.translate.FaceDetection;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate every frame passes: decodes the Avro record (bounded by {@code AvroLimits}), checks the
 * camera and session ids against {@link Identifiers} (before either reaches a log line), drops
 * frames whose stream has no consent to processing (before their image is touched), checks
 * timestamps and edge face boxes, and decodes the image. Whatever fails goes to {@link
 * DeadLetters#TAG} with a reason and the original bytes; nothing here fails the job.
 *
 * <p>Metrics (group {@code emostream}): {@code frames_in}, {@code frames_admitted}, {@code
 * frames_without_consent}, {@code frames_dead_lettered} labelled by {@code reason}.
 */
public final class FrameAdmissionFunction extends ProcessFunction<KafkaRecordBytes, DecodedFrame> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FrameAdmissionFunction.class);
  static final String OPERATOR = "scoring/frame-admission";

  private final AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
  private final FrameImageDecoder decoder;

  /**
   * FFmpeg's JPEG decoder for this task; null (ImageIO only) if FFmpeg's natives cannot load here.
   */
  private transient FfmpegJpegDecoder jpegDecoder;

  private final Duration maxFuture;
  private final Duration maxTimestampSkew;
  private final int maxFaces;
  private final Clock clock;

  private transient Counter framesIn;
  private transient Counter admitted;
  private transient Counter withoutConsent;
  private transient Map<DeadLetterReason, Counter> deadLettered;

  /**
   * @param maxFuture frames captured further ahead of this job's clock are invalid
   * @param maxTimestampSkew largest difference between record timestamp and capture time
   * @param maxFaces most edge face boxes per frame
   */
  public FrameAdmissionFunction(
      FrameImageDecoder decoder, Duration maxFuture, Duration maxTimestampSkew, int maxFaces) {
    this(decoder, maxFuture, maxTimestampSkew, maxFaces, Clock.systemUTC());
  }

  FrameAdmissionFunction(
      FrameImageDecoder decoder,
      Duration maxFuture,
      Duration maxTimestampSkew,
      int maxFaces,
      Clock clock) {
    this.decoder = decoder;
    this.maxFuture = maxFuture;
    this.maxTimestampSkew = maxTimestampSkew;
    this.maxFaces = maxFaces;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    try {
      jpegDecoder = new FfmpegJpegDecoder();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("FFmpeg's JPEG decoder is unavailable ({}); decoding with ImageIO", e.toString());
    }
    MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("emostream");
    framesIn = group.counter("frames_in");
    admitted = group.counter("frames_admitted");
    withoutConsent = group.counter("frames_without_consent");
    deadLettered = new EnumMap<>(DeadLetterReason.class);
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLettered.put(
          reason, group.addGroup("reason", reason.name()).counter("frames_dead_lettered"));
    }
  }

  @Override
  public void close() throws Exception {
    if (jpegDecoder != null) {
      jpegDecoder.close();
    }
    super.close();
  }

  @Override
  public void processElement(KafkaRecordBytes record, Context ctx, Collector<DecodedFrame> out) {
    framesIn.inc();
    FrameEvent frame;
    try {
      frame = codec.decode(record.value);
    } catch (RecordDecodeException e) {
      reject(record, e.reason(), e.getMessage(), ctx);
      return;
    }
    String badId = Identifiers.problem("camera id", frame.getCameraId());
    if (badId == null && frame.getSessionId() != null) {
      badId = Identifiers.problem("session id", frame.getSessionId());
    }
    if (badId != null) {
      reject(record, DeadLetterReason.INVALID_IDENTIFIER, badId, ctx);
      return;
    }
    if (frame.getConsent().getScope() == ConsentScope.NONE) {
      withoutConsent.inc(); // not ours to look at: neither processed nor kept
      return;
    }
    long now = clock.millis();
    long capture = frame.getCaptureTime().toEpochMilli();
    if (capture < 0 || capture > now + maxFuture.toMillis()) {
      reject(
          record,
          DeadLetterReason.INVALID_FRAME,
          "capture time "
              + frame.getCaptureTime()
              + " is negative or more than "
              + maxFuture
              + " ahead of "
              + clock.instant(),
          ctx);
      return;
    }
    if (record.timestamp >= 0
        && Math.abs(record.timestamp - capture) > maxTimestampSkew.toMillis()) {
      // Producers set the record timestamp to the capture time (the frame contract); one that does
      // not is broken in a way that would also mislead every reader of the topic by time.
      reject(
          record,
          DeadLetterReason.INVALID_FRAME,
          "record timestamp "
              + Instant.ofEpochMilli(record.timestamp)
              + " is not the capture time "
              + frame.getCaptureTime()
              + " (producers must set the record timestamp to the capture time)",
          ctx);
      return;
    }
    RgbFrame image;
    byte[] payload;
    List<FaceDetection> edgeFaces;
    try {
      edgeFaces = EdgeFaceBoxes.of(frame, maxFaces);
      payload = decoder.payload(frame);
      image = decoder.decode(frame, payload, jpegDecoder);
    } catch (FrameRejectedException e) {
      reject(
          record,
          e.reason(),
          "camera " + frame.getCameraId() + " frame " + frame.getSequence() + ": " + e.getMessage(),
          ctx);
      return;
    }
    DecodedFrame decoded = new DecodedFrame();
    decoded.cameraId = frame.getCameraId();
    decoded.sessionId = frame.getSessionId();
    decoded.sequence = frame.getSequence();
    decoded.captureTimeMillis = capture;
    decoded.width = image.width();
    decoded.height = image.height();
    decoded.payloadBytes = payload.length;
    decoded.decodedAtMillis = clock.millis();
    decoded.consentScope = frame.getConsent().getScope();
    decoded.consentPurpose = frame.getConsent().getPurpose();
    decoded.pixels = image;
    decoded.edgeFaces = edgeFaces;
    admitted.inc();
    out.collect(decoded);
  }

  private void reject(
      KafkaRecordBytes record, DeadLetterReason reason, String detail, Context ctx) {
    deadLettered.get(reason).inc();
    LOG.warn("dead-lettering {}: {} {}", record.coordinates(), reason, detail);
    ctx.output(DeadLetters.TAG, DeadLetters.of(record, reason, detail, OPERATOR));
  }
}
