package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.event.EmotionScore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TrackClipScoringFunctionTest {
  private static final CameraTracks.Settings CLIPS = new CameraTracks.Settings(3, 3, 2, 0.3, 1_000);

  /** Per-frame features of the built-in model are probabilities: a face that is plainly happy. */
  private static FrameFaces frame(long t) {
    FrameFaces f = new FrameFaces();
    f.cameraId = "cam";
    f.sequence = t;
    f.captureTimeMillis = t;
    f.modelVersion = "face-api-1.7.15-frame-average";
    f.faces = new FaceObservation[] {new FaceObservation(10, 10, 50, 50, 0.9, new float[] {0.1f, 0.9f, 0, 0, 0, 0, 0})};
    return f;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, EmotionScore> harness() throws Exception {
    var fn = new TrackClipScoringFunction(new ModelSource(null, "cpu"), CLIPS);
    var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(fn), f -> f.cameraId, Types.STRING);
    h.open();
    return h;
  }

  @Test
  void ordersFramesByEventTimeScoresClipsAndLeavesNoStateBehind() throws Exception {
    try (var h = harness()) {
      h.processElement(new StreamRecord<>(frame(200), 200));
      h.processElement(new StreamRecord<>(frame(0), 0)); // out of order, but before the watermark
      h.processElement(new StreamRecord<>(frame(100), 100));
      assertThat(h.extractOutputValues()).isEmpty(); // waits for event time

      h.processWatermark(new Watermark(200));
      assertThat(h.extractOutputValues()).singleElement().satisfies(s -> {
        assertThat(s.getTrackId()).isEqualTo("cam/t1");
        assertThat(s.getFrameCount()).isEqualTo(3);
        assertThat(s.getWindowStart().toEpochMilli()).isZero();
        assertThat(s.getWindowEnd().toEpochMilli()).isEqualTo(200);
        assertThat(s.getDistribution().getHappy()).isEqualTo(0.9f);
      });

      h.processWatermark(new Watermark(5_000)); // the track times out
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void sendsFramesBehindTheWatermarkToTheLateOutput() throws Exception {
    try (var h = harness()) {
      h.processWatermark(new Watermark(1_000));
      h.processElement(new StreamRecord<>(frame(900), 900));

      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(h.getSideOutput(TrackClipScoringFunction.LATE)).singleElement()
          .satisfies(r -> assertThat(r.getValue().sequence).isEqualTo(900));
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void scoresClipsWithAWholeClipTorchScriptModel() throws Exception {
    String bundle = java.nio.file.Path.of("../model-training/src/test/resources/io/emostream/model/bundles/torchscript-tiny")
        .toAbsolutePath().normalize().toString();
    var fn = new TrackClipScoringFunction(new ModelSource(bundle, "cpu"), CLIPS);
    try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(fn), (FrameFaces f) -> f.cameraId, Types.STRING)) {
      h.open();
      for (long t = 0; t < 300; t += 100) {
        FrameFaces f = frame(t);
        f.modelVersion = "torchscript-tiny-test";
        f.modelBundle = bundle;
        float[] crop = new float[16 * 16 * 3]; // the face crop at the model's resolution
        java.util.Arrays.fill(crop, 200f);
        f.faces[0].features = crop;
        h.processElement(new StreamRecord<>(f, t));
      }
      h.processWatermark(new Watermark(200));
      assertThat(h.extractOutputValues()).singleElement().satisfies(s -> {
        assertThat(s.getModelVersion()).isEqualTo("torchscript-tiny-test");
        float sum = 0;
        for (float p : io.emostream.schemas.event.Distributions.toArray(s.getDistribution())) {
          sum += p;
        }
        assertThat(sum).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
      });
    }
  }
}
