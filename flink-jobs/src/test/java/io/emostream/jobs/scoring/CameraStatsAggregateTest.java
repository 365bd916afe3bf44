package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.frames.DecodedFrame;
import org.junit.jupiter.api.Test;

class CameraStatsAggregateTest {
  private final CameraStatsAggregate agg = new CameraStatsAggregate();

  private static DecodedFrame frame(long capture, int width, int bytes, long lag) {
    DecodedFrame f = new DecodedFrame();
    f.captureTimeMillis = capture;
    f.width = width;
    f.height = width;
    f.payloadBytes = bytes;
    f.decodedAtMillis = capture + lag;
    return f;
  }

  @Test
  void countsFramesAndBytesAndKeepsTheLatestSizeAndWorstLag() {
    CameraStatsAggregate.Acc acc = agg.createAccumulator();
    agg.add(frame(2000, 640, 100, 5), acc);
    agg.add(frame(1000, 320, 50, 40), acc); // out of order: older frame does not set the size

    assertThat(acc.frames).isEqualTo(2);
    assertThat(acc.bytes).isEqualTo(150);
    assertThat(acc.width).isEqualTo(640);
    assertThat(acc.maxLagMillis).isEqualTo(40);
  }

  @Test
  void mergesTakingSizeFromTheLaterPart() {
    CameraStatsAggregate.Acc a = agg.add(frame(3000, 1280, 10, 1), agg.createAccumulator());
    CameraStatsAggregate.Acc b = agg.add(frame(1000, 320, 20, 9), agg.createAccumulator());

    CameraStatsAggregate.Acc m = agg.merge(b, a);

    assertThat(m.frames).isEqualTo(2);
    assertThat(m.bytes).isEqualTo(30);
    assertThat(m.width).isEqualTo(1280);
    assertThat(m.maxLagMillis).isEqualTo(9);
  }
}
