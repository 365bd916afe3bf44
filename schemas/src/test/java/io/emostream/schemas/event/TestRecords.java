package io.emostream.schemas.event;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small factories that make schema tests read as examples. */
public final class TestRecords {
  public static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  private TestRecords() {}

  public static StreamConsent analytics() {
    return new StreamConsent(ConsentScope.ANALYTICS, "customer-service-quality");
  }

  public static FrameEvent inlineFrame(String camera, long seq) {
    return FrameEvent.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTime(T0.plusMillis(seq * 100))
        .setWidth(4)
        .setHeight(2)
        .setEncoding(FrameEncoding.RAW_GRAY8)
        .setPayload(ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}))
        .setConsent(analytics())
        .build();
  }

  public static FrameEvent claimCheckFrame(String camera, long seq) {
    return FrameEvent.newBuilder(inlineFrame(camera, seq))
        .setSessionId("call-42")
        .setEncoding(FrameEncoding.JPEG)
        .setWidth(3840)
        .setHeight(2160)
        .setPayload(
            new ClaimCheck(
                "file:///var/emostream/blobs/" + camera + "/" + seq + ".jpg", 9_000_000L, "ab12"))
        .setFaces(List.of(new FaceBox(10f, 20f, 100f, 120f, 0.93f)))
        .build();
  }

  public static ExpressionDistribution mostlyHappy() {
    return Distributions.of(new float[] {0.1f, 0.6f, 0.05f, 0.05f, 0.05f, 0.05f, 0.1f});
  }

  public static EmotionScore score() {
    return EmotionScore.newBuilder()
        .setCameraId("cam-1")
        .setTrackId("cam-1/t7")
        .setWindowStart(T0)
        .setWindowEnd(T0.plusMillis(1500))
        .setFrameCount(16)
        .setDistribution(mostlyHappy())
        .setTopClass(Expression.HAPPY)
        .setConfidence(0.6f)
        .setAmbiguity(0.7f)
        .setModelVersion("face-api-1.7.15")
        .setProcessingLatencyMillis(120)
        .build();
  }

  public static ClipSample clip() {
    return ClipSample.newBuilder()
        .setClipId("clip-1")
        .setProvenance(
            new ClipProvenance(
                "cam-1",
                null,
                "cam-1/t7",
                T0,
                T0.plusMillis(1500),
                new StreamConsent(ConsentScope.ANALYTICS_AND_TRAINING, "research"),
                "ambiguity>=0.8"))
        .setCropSize(112)
        .setFrames(
            List.of(
                ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}),
                ByteBuffer.wrap(new byte[] {1})))
        .setModelScores(mostlyHappy())
        .setModelVersion("face-api-1.7.15")
        .build();
  }

  public static List<Object> oneOfEach() {
    return List.of(
        inlineFrame("cam-1", 1),
        claimCheckFrame("cam-2", 2),
        score(),
        clip(),
        new Annotation("clip-1", "annotator-3", T0, Expression.SAD, AnnotationSource.HUMAN),
        new Annotation("clip-1", "model:v1", T0, mostlyHappy(), AnnotationSource.MODEL),
        new LabelledClip(clip(), mostlyHappy(), LabelSource.ANNOTATORS, 10, 0.42),
        new ModelRelease(
            "v2",
            "face-api-expression-avg",
            "file:///models/v2",
            "00ff",
            Map.of("uar", 0.51, "war", 0.62),
            "v1",
            T0,
            java.nio.ByteBuffer.wrap(new byte[64]),
            "0123456789abcdef"),
        new EmotionAlert(
            "a-1",
            "cam-1",
            null,
            "cam-1/t7",
            "anger>0.8 for 10s",
            AlertSeverity.WARNING,
            Expression.ANGRY,
            0.83f,
            T0,
            T0.plusSeconds(10),
            "sustained anger",
            T0),
        new DeadLetter(
            "emostream.frames.v1",
            3,
            1234L,
            T0,
            DeadLetterReason.UNDECODABLE_IMAGE,
            "JPEG ended early",
            "scoring/decode",
            T0,
            ByteBuffer.wrap("cam-1".getBytes()),
            ByteBuffer.wrap(new byte[] {9})),
        new CameraFrameStats("cam-1", T0, T0.plusSeconds(2), 20L, 123_456L, 512, 512, 35L));
  }
}
