package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TrackClipFunctionTest {
  private static final CameraTracks.Settings CLIPS = new CameraTracks.Settings(3, 3, 2, 0.3, 1_000);

  /** A frame is tracked once its camera has a frame this much newer. */
  private static final long OUT_OF_ORDER = 500;

  static FrameFaces frame(String camera, long t) {
    FrameFaces f = new FrameFaces();
    f.cameraId = camera;
    f.sessionId = "call-7";
    f.sequence = t;
    f.captureTimeMillis = t;
    f.modelVersion = "face-api-1.7.15-frame-average";
    f.faces =
        new FaceObservation[] {
          new FaceObservation(10, 10, 50, 50, 0.9, new float[] {t, 0, 0, 0, 0, 0, 0})
        };
    return f;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, FeatureClip> harness()
      throws Exception {
    return harness(0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, FeatureClip> harness(
      long idleFlushMillis) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new TrackClipFunction(CLIPS, OUT_OF_ORDER, idleFlushMillis)),
            f -> f.cameraId,
            Types.STRING);
    h.open();
    return h;
  }

  @Test
  void ordersEachCamerasFramesByItsOwnEventTimeIntoClips() throws Exception {
    try (var h = harness()) {
      h.processElement(new StreamRecord<>(frame("cam", 200), 200));
      h.processElement(new StreamRecord<>(frame("cam", 0), 0)); // out of order, within 500 ms
      h.processElement(new StreamRecord<>(frame("cam", 100), 100));
      assertThat(h.extractOutputValues()).isEmpty(); // waits for the camera's time to move on

      h.processElement(new StreamRecord<>(frame("cam", 800), 800)); // tracks up to 299
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.cameraId()).isEqualTo("cam");
                assertThat(c.sessionId()).isEqualTo("call-7");
                assertThat(c.trackId()).isEqualTo("cam/t1");
                assertThat(c.windowStartMillis()).isZero();
                assertThat(c.windowEndMillis()).isEqualTo(200);
                assertThat(c.features())
                    .extracting(v -> v[0])
                    .containsExactly(0f, 100f, 200f); // event-time order
              });
    }
  }

  @Test
  void aCameraBehindTheJobsWatermarkIsNotLate() throws Exception {
    // Camera b's partition is read after camera a's (a restore, a leader failover): the job's
    // watermark has gone far past b's frames, which are tracked all the same.
    try (var h = harness()) {
      for (long t = 0; t <= 10_000; t += 100) {
        h.processElement(new StreamRecord<>(frame("a", t), t));
      }
      h.processWatermark(new Watermark(9_000));
      for (long t = 0; t <= 1_100; t += 100) {
        h.processElement(new StreamRecord<>(frame("b", t), t));
      }
      assertThat(h.getSideOutput(TrackClipFunction.LATE)).isNull();
      assertThat(h.extractOutputValues().stream().filter(c -> c.cameraId().equals("b")))
          .extracting(c -> c.windowStartMillis())
          .containsExactly(0L, 300L); // frames up to 599 tracked: two clips of three
    }
  }

  @Test
  void whenEveryCameraStopsEachIsFlushedAfterTheIdleTimeAndNoStateIsLeft() throws Exception {
    try (var h = harness(5_000)) {
      h.setProcessingTime(0);
      for (long t : new long[] {0, 100, 200, 300, 400}) {
        h.processElement(new StreamRecord<>(frame("a", t), t));
      }
      h.processElement(new StreamRecord<>(frame("b", 0), 0));
      h.processElement(new StreamRecord<>(frame("b", 100), 100));
      // no watermark ever comes: every source is idle
      h.setProcessingTime(4_000);
      h.processElement(new StreamRecord<>(frame("a", 500), 500)); // camera a is still alive
      assertThat(h.extractOutputValues()).isEmpty();

      h.setProcessingTime(5_000); // b has been silent for 5 s, a only for 1 s
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.cameraId()).isEqualTo("b");
                assertThat(c.features()).extracting(v -> v[0]).containsExactly(0f, 100f);
              });

      h.setProcessingTime(9_000);
      var a = h.extractOutputValues().stream().filter(c -> c.cameraId().equals("a")).toList();
      assertThat(a).hasSize(2); // the full clip 0..200 in order, then the final clip up to 500
      assertThat(a.get(0).features()).extracting(v -> v[0]).containsExactly(0f, 100f, 200f);
      assertThat(a.get(1).windowEndMillis()).isEqualTo(500);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.numProcessingTimeTimers()).isZero();
    }
  }

  @Test
  void aRestoreLongAfterTheLastFrameDoesNotFlushALiveCamera() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(5_000)) {
      h.setProcessingTime(0);
      h.processElement(new StreamRecord<>(frame("a", 0), 0));
      h.processElement(new StreamRecord<>(frame("a", 100), 100));
      snapshot = h.snapshot(1, 0);
    }
    // The job was down for 20 s; the camera kept sending and its frames are read on restore.
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new TrackClipFunction(CLIPS, OUT_OF_ORDER, 5_000)),
            (FrameFaces f) -> f.cameraId,
            Types.STRING)) {
      h.setProcessingTime(20_000);
      h.initializeState(snapshot);
      h.open();
      h.setProcessingTime(20_001); // the overdue idle timer fires
      h.processElement(new StreamRecord<>(frame("a", 200), 200));
      h.setProcessingTime(24_000);
      assertThat(h.extractOutputValues()).as("no flush within 5 s of the restore").isEmpty();

      h.setProcessingTime(30_000); // now silent for 6 s: flushed, one track, all three frames
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.trackId()).isEqualTo("a/t1");
                assertThat(c.features()).extracting(v -> v[0]).containsExactly(0f, 100f, 200f);
              });
    }
  }

  @Test
  void sendsFramesBehindTheirCamerasTimeToTheLateOutput() throws Exception {
    try (var h = harness()) {
      h.processElement(new StreamRecord<>(frame("cam", 2_000), 2_000)); // tracks up to 1499
      h.processElement(new StreamRecord<>(frame("cam", 900), 900));
      h.processElement(new StreamRecord<>(frame("other", 900), 900)); // another camera: on time

      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(h.getSideOutput(TrackClipFunction.LATE))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getValue().cameraId).isEqualTo("cam");
                assertThat(r.getValue().sequence).isEqualTo(900);
              });
    }
  }

  @Test
  void aTrackThatEndsMidClipFlushesAFinalClipOfItsUnscoredFrames() throws Exception {
    try (var h = harness()) {
      h.processElement(new StreamRecord<>(frame("cam", 0), 0));
      h.processElement(new StreamRecord<>(frame("cam", 100), 100));
      h.processElement(new StreamRecord<>(frame("cam", 1_500), 1_500));
      assertThat(h.extractOutputValues()).isEmpty(); // 2 of 3 frames tracked

      h.processElement(new StreamRecord<>(frame("cam", 3_000), 3_000)); // 1,500: 1.4 s after 100
      assertThat(h.extractOutputValues())
          .first()
          .satisfies(c -> assertThat(c.features()).extracting(v -> v[0]).containsExactly(0f, 100f));
    }
  }
}
