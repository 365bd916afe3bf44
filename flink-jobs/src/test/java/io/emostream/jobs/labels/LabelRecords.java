package io.emostream.jobs.labels;

import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.AnnotationSource;
import io.emostream.schemas.event.ClipProvenance;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.StreamConsent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Samples and votes for the soft-label tests. */
final class LabelRecords {
  static final long T0 = Instant.parse("2026-11-30T10:00:00Z").toEpochMilli();

  private LabelRecords() {}

  static ClipSample sample(String clipId, String camera, String session, long endMillis) {
    return ClipSample.newBuilder()
        .setClipId(clipId)
        .setProvenance(
            ClipProvenance.newBuilder()
                .setCameraId(camera)
                .setSessionId(session)
                .setTrackId(camera + "/t1")
                .setWindowStart(Instant.ofEpochMilli(endMillis - 1500))
                .setWindowEnd(Instant.ofEpochMilli(endMillis))
                .setConsent(new StreamConsent(ConsentScope.ANALYTICS_AND_TRAINING, "test"))
                .setSamplingReason("ambiguity>=0.80")
                .build())
        .setCropSize(8)
        .setFrames(List.of(ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2})))
        .setModelScores(Distributions.of(new float[] {0.4f, 0.3f, 0.3f, 0, 0, 0, 0}))
        .setModelVersion("v1")
        .build();
  }

  static Annotation vote(String clipId, String annotator, Expression vote, long atMillis) {
    return new Annotation(
        clipId, annotator, Instant.ofEpochMilli(atMillis), vote, AnnotationSource.HUMAN);
  }

  static Annotation modelVote(String clipId, float[] p, long atMillis) {
    return new Annotation(
        clipId,
        "model:v1",
        Instant.ofEpochMilli(atMillis),
        Distributions.of(p),
        AnnotationSource.MODEL);
  }
}
