package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emostream.jobs.batch.MicroBatchOperator;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionScore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Clip scoring behind the micro-batch operator, as the job runs it, on the real DJL engine. */
class ClipScoringFunctionTest {
  private static final String BUILT_IN = "face-api-1.7.15-frame-average";

  private static FeatureClip clip(
      String camera, String version, String bundle, float[] perFrame, int frames) {
    List<float[]> features = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      features.add(perFrame);
    }
    return new FeatureClip(
        camera,
        "call-7",
        camera + "/t1",
        features,
        0,
        100L * (frames - 1),
        version,
        bundle,
        null,
        null);
  }

  private static OneInputStreamOperatorTestHarness<FeatureClip, ScoredClip> harness(
      ModelSource models, int maxSize) throws Exception {
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new MicroBatchOperator<>(
                new ClipScoringFunction(models), maxSize, Duration.ofSeconds(10)));
    h.open();
    return h;
  }

  @Test
  void scoresClipsOfSeveralCamerasInOneBatchWithTheTemporalHead() throws Exception {
    try (var h = harness(new ModelSource(null, "cpu"), 8)) {
      h.setProcessingTime(0);
      // Per-frame features of the built-in model are probabilities; its head averages them.
      h.processElement(
          new StreamRecord<>(
              clip("cam-1", BUILT_IN, null, new float[] {0.1f, 0.9f, 0, 0, 0, 0, 0}, 3), 200));
      h.processElement(
          new StreamRecord<>(
              clip("cam-2", BUILT_IN, null, new float[] {0, 0, 0, 0.8f, 0.2f, 0, 0}, 3), 200));
      h.processWatermark(new Watermark(200));
      assertThat(h.getOutput()).isEmpty(); // gathering; the watermark waits for the clips before it

      h.setProcessingTime(10_000); // the batch's deadline
      List<EmotionScore> scores = h.extractOutputValues().stream().map(c -> c.score).toList();
      assertThat(scores)
          .extracting(s -> s.getCameraId().toString())
          .containsExactly("cam-1", "cam-2");
      assertThat(scores.get(0).getDistribution().getHappy()).isCloseTo(0.9f, within(1e-6f));
      assertThat(scores.get(0).getSessionId().toString()).isEqualTo("call-7");
      assertThat(scores.get(0).getFrameCount()).isEqualTo(3);
      assertThat(scores.get(1).getTopClass().name()).isEqualTo("ANGRY");
      assertThat(scores.get(1).getModelVersion().toString()).isEqualTo(BUILT_IN);
      assertThat(h.getOutput()).last().isInstanceOf(Watermark.class);
    }
  }

  @Test
  void runsAWholeClipTorchScriptModelOnClipBatchesAcrossCameras() throws Exception {
    String bundle =
        Path.of("../model-training/src/test/resources/io/emostream/model/bundles/torchscript-tiny")
            .toAbsolutePath()
            .normalize()
            .toString();
    try (var h = harness(new ModelSource(bundle, "cpu"), 3)) {
      float[] bright = new float[16 * 16 * 3]; // face crops at the model's resolution
      Arrays.fill(bright, 200f);
      float[] dark = new float[16 * 16 * 3];
      Arrays.fill(dark, 10f);
      h.processElement(
          new StreamRecord<>(clip("cam-1", "torchscript-tiny-test", bundle, bright, 3), 200));
      h.processElement(
          new StreamRecord<>(clip("cam-2", "torchscript-tiny-test", bundle, dark, 3), 200));
      h.processElement(
          new StreamRecord<>(
              clip("cam-3", "torchscript-tiny-test", bundle, bright, 3), 200)); // fills the batch

      List<EmotionScore> scores = h.extractOutputValues().stream().map(c -> c.score).toList();
      assertThat(scores).hasSize(3);
      for (EmotionScore s : scores) {
        float sum = 0;
        for (float p : Distributions.toArray(s.getDistribution())) {
          sum += p;
        }
        assertThat(sum).isCloseTo(1f, within(1e-5f));
        assertThat(s.getModelVersion().toString()).isEqualTo("torchscript-tiny-test");
      }
      // Batched, each clip still gets its own result: identical clips agree, different ones do not.
      assertThat(Distributions.toArray(scores.get(0).getDistribution()))
          .containsExactly(Distributions.toArray(scores.get(2).getDistribution()));
      assertThat(Distributions.toArray(scores.get(0).getDistribution()))
          .isNotEqualTo(Distributions.toArray(scores.get(1).getDistribution()));
    }
  }
}
