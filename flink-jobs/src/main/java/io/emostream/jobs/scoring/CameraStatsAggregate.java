package io.emostream.jobs.scoring;

import io.emostream.jobs.frames.DecodedFrame;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Running per-camera statistics of decoded frames within one window. */
final class CameraStatsAggregate
    implements AggregateFunction<DecodedFrame, CameraStatsAggregate.Acc, CameraStatsAggregate.Acc> {
  private static final long serialVersionUID = 1L;

  /** Accumulator; a Flink POJO. */
  public static class Acc {
    public long frames;
    public long bytes;
    public int width;
    public int height;
    public long lastCapture = Long.MIN_VALUE;
    public long maxLagMillis;
  }

  @Override
  public Acc createAccumulator() {
    return new Acc();
  }

  @Override
  public Acc add(DecodedFrame f, Acc acc) {
    acc.frames++;
    acc.bytes += f.payloadBytes;
    acc.maxLagMillis = Math.max(acc.maxLagMillis, f.decodedAtMillis - f.captureTimeMillis);
    if (f.captureTimeMillis >= acc.lastCapture) {
      acc.lastCapture = f.captureTimeMillis;
      acc.width = f.width;
      acc.height = f.height;
    }
    return acc;
  }

  @Override
  public Acc getResult(Acc acc) {
    return acc;
  }

  @Override
  public Acc merge(Acc a, Acc b) {
    Acc later = b.lastCapture >= a.lastCapture ? b : a;
    Acc m = new Acc();
    m.frames = a.frames + b.frames;
    m.bytes = a.bytes + b.bytes;
    m.maxLagMillis = Math.max(a.maxLagMillis, b.maxLagMillis);
    m.lastCapture = later.lastCapture;
    m.width = later.width;
    m.height = later.height;
    return m;
  }
}
