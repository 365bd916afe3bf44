package io.emostream.model.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emostream.model.translate.FaceDetection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyframeTrackerTest {

  @Test
  void detectsEveryIntervalThFrameAndAtLeastOnceASecond() {
    KeyframeTracker every3 = new KeyframeTracker(3);
    List<Boolean> plan = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      plan.add(every3.plan(i * 100L));
    }
    assertThat(plan).containsExactly(true, false, false, true, false, false, true);

    KeyframeTracker slowCamera = new KeyframeTracker(30);
    assertThat(slowCamera.plan(0)).isTrue();
    assertThat(slowCamera.plan(500)).isFalse();
    assertThat(slowCamera.plan(1_100)).isTrue(); // a second passed
  }

  @Test
  void carriesAFaceAtTheVelocityOfItsLastTwoDetections() {
    KeyframeTracker tracker = new KeyframeTracker(2);
    tracker.plan(0);
    tracker.detected(0, List.of(new FaceDetection(100, 100, 50, 50, 0.9)));
    tracker.plan(100);
    tracker.carried(100, 640, 480);
    tracker.plan(200);
    tracker.detected(200, List.of(new FaceDetection(120, 110, 54, 50, 0.9)));
    tracker.plan(300);
    FaceDetection carried = tracker.carried(300, 640, 480).get(0);
    assertThat(carried.x()).isCloseTo(130, within(1e-9));
    assertThat(carried.y()).isCloseTo(115, within(1e-9));
    assertThat(carried.width()).isCloseTo(56, within(1e-9));
  }

  @Test
  void aFaceBrieflyMissedIsKeptAndTheNextFrameIsDetected() {
    KeyframeTracker tracker = new KeyframeTracker(10);
    tracker.plan(0);
    tracker.detected(0, List.of(new FaceDetection(100, 100, 50, 50, 0.9)));
    assertThat(tracker.plan(100)).isFalse();
    List<FaceDetection> predicted = tracker.carried(100, 640, 480);
    List<FaceDetection> kept = tracker.relocated(100, Arrays.asList((FaceDetection) null));
    assertThat(kept).isEqualTo(predicted).hasSize(1); // the face stays, so does its track
    assertThat(tracker.plan(200)).as("a lost face brings the next keyframe").isTrue();
  }

  @Test
  void aFaceReachingTheEdgeBringsTheNextKeyframe() {
    KeyframeTracker tracker = new KeyframeTracker(10);
    tracker.plan(0);
    tracker.detected(0, List.of(new FaceDetection(600, 100, 50, 50, 0.9)));
    tracker.plan(100);
    tracker.carried(100, 640, 480); // 600 + 50 > 640: at the edge
    assertThat(tracker.plan(200)).isTrue();
  }

  @Test
  void aRestoredTrackerCarriesOnWhereTheCheckpointedOneWas() throws Exception {
    KeyframeTracker tracker = new KeyframeTracker(5);
    tracker.plan(0);
    tracker.detected(0, List.of(new FaceDetection(100, 100, 50, 50, 0.9)));
    tracker.plan(100);
    tracker.carried(100, 640, 480);
    tracker.plan(200);
    tracker.detected(200, List.of(new FaceDetection(110, 104, 50, 50, 0.9)));

    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    tracker.write(new java.io.DataOutputStream(bytes));
    KeyframeTracker restored =
        KeyframeTracker.read(
            new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), 5);

    assertThat(restored.plan(300)).isEqualTo(tracker.plan(300));
    assertThat(restored.carried(300, 640, 480)).isEqualTo(tracker.carried(300, 640, 480));
  }
}
