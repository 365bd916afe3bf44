package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionScore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The sampler's choices in Flink's keyed operator harness. */
class ClipSamplerTest {
  private static final long T0 = Instant.parse("2026-11-30T10:00:00Z").toEpochMilli();
  private static final float[] AMBIGUOUS = {0.3f, 0.3f, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f};
  private static final float[] CLEAR = {0.97f, 0.01f, 0.01f, 0.01f, 0, 0, 0};

  private static KeyedOneInputStreamOperatorTestHarness<String, ScoredClip, ClipSample> harness(
      int maxPerCamera, int maxPerSession, double calibrationShare) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new ClipSampler(
                    new ClipSampler.Settings(
                        0.8,
                        calibrationShare,
                        maxPerCamera,
                        Duration.ofHours(1),
                        maxPerSession,
                        1 << 20,
                        Duration.ofDays(1)))),
            (ScoredClip c) -> c.score.getCameraId(),
            Types.STRING);
    h.open();
    return h;
  }

  private static ScoredClip clip(String camera, String session, int i, float[] p, boolean crops) {
    long end = T0 + 800L * i;
    EmotionScore s =
        EmotionScore.newBuilder()
            .setCameraId(camera)
            .setSessionId(session)
            .setTrackId(camera + "/t1")
            .setWindowStart(Instant.ofEpochMilli(end - 1500))
            .setWindowEnd(Instant.ofEpochMilli(end))
            .setFrameCount(16)
            .setDistribution(Distributions.of(p))
            .setTopClass(Distributions.top(p))
            .setConfidence(p[Distributions.top(p).ordinal()])
            .setAmbiguity(Distributions.normalisedEntropy(p))
            .setModelVersion("v1")
            .setProcessingLatencyMillis(0)
            .build();
    byte[][] jpegs = crops ? new byte[][] {{1, 2}, {3, 4}} : null;
    return new ScoredClip(s, jpegs, 112, crops ? "service-quality" : null);
  }

  private static List<ClipSample> run(
      KeyedOneInputStreamOperatorTestHarness<String, ScoredClip, ClipSample> h,
      List<ScoredClip> clips)
      throws Exception {
    for (ScoredClip c : clips) {
      h.processElement(c, c.score.getWindowEnd().toEpochMilli());
    }
    return h.extractOutputValues();
  }

  @Test
  void samplesAmbiguousClipsOfConsentingStreamsWithTheirProvenance() throws Exception {
    try (var h = harness(100, 100, 0)) {
      List<ClipSample> out =
          run(
              h,
              List.of(
                  clip("desk-1", "call-1", 1, AMBIGUOUS, true),
                  clip("desk-1", "call-1", 2, CLEAR, true),
                  clip("desk-2", "call-2", 3, AMBIGUOUS, false)));
      assertThat(out).hasSize(1);
      ClipSample s = out.get(0);
      assertThat(s.getProvenance().getCameraId()).isEqualTo("desk-1");
      assertThat(s.getProvenance().getSessionId()).isEqualTo("call-1");
      assertThat(s.getProvenance().getConsent().getScope())
          .isEqualTo(ConsentScope.ANALYTICS_AND_TRAINING);
      assertThat(s.getProvenance().getConsent().getPurpose()).isEqualTo("service-quality");
      assertThat(s.getProvenance().getSamplingReason()).isEqualTo("ambiguity>=0.80");
      assertThat(s.getFrames()).hasSize(2);
      assertThat(s.getCropSize()).isEqualTo(112);
      assertThat(s.getModelVersion()).isEqualTo("v1");
      assertThat(Distributions.toArray(s.getModelScores())).containsExactly(AMBIGUOUS);
      assertThat(s.getClipId())
          .isEqualTo(
              ClipSampler.clipId(clip("desk-1", "call-1", 1, AMBIGUOUS, true).score).toString());
    }
  }

  @Test
  void limitsSamplesPerSessionAndPerCameraPeriod() throws Exception {
    try (var h = harness(3, 2, 0)) {
      List<ScoredClip> in = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        in.add(clip("desk-1", "call-1", i, AMBIGUOUS, true));
      }
      for (int i = 4; i < 8; i++) {
        in.add(clip("desk-1", "call-2", i, AMBIGUOUS, true));
      }
      // An hour later the camera's budget is fresh; call-3 has its own session budget.
      for (int i = 0; i < 2; i++) {
        in.add(clip("desk-1", "call-3", 4500 + i, AMBIGUOUS, true));
      }
      List<ClipSample> out = run(h, in);
      assertThat(out)
          .extracting(s -> s.getProvenance().getSessionId())
          .containsExactly("call-1", "call-1", "call-2", "call-3", "call-3");
    }
  }

  @Test
  void calibrationShareIsUniformAndReproducible() throws Exception {
    List<ScoredClip> clear = new java.util.ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      clear.add(clip("desk-" + (i % 50), "call-" + i, i, CLEAR, true));
    }
    List<String> first;
    try (var h = harness(1000, 1000, 0.1)) {
      first = run(h, clear).stream().map(ClipSample::getClipId).toList();
    }
    try (var h = harness(1000, 1000, 0.1)) {
      assertThat(run(h, clear).stream().map(ClipSample::getClipId).toList()).isEqualTo(first);
    }
    assertThat(first.size()).isBetween(150, 250); // 10 % of 2000, binomial spread ±4σ ≈ ±54
  }
}
