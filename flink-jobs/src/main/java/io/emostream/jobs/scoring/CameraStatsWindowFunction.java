package io.emostream.jobs.scoring;

import io.emostream.schemas.event.CameraFrameStats;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Attaches the camera and the window bounds to a window's aggregate. */
final class CameraStatsWindowFunction
    extends ProcessWindowFunction<CameraStatsAggregate.Acc, CameraFrameStats, String, TimeWindow> {
  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      String camera,
      Context ctx,
      Iterable<CameraStatsAggregate.Acc> aggregates,
      Collector<CameraFrameStats> out) {
    CameraStatsAggregate.Acc acc = aggregates.iterator().next();
    out.collect(
        CameraFrameStats.newBuilder()
            .setCameraId(camera)
            .setWindowStart(Instant.ofEpochMilli(ctx.window().getStart()))
            .setWindowEnd(Instant.ofEpochMilli(ctx.window().getEnd()))
            .setFrameCount(acc.frames)
            .setPayloadBytes(acc.bytes)
            .setWidth(acc.width)
            .setHeight(acc.height)
            .setMaxProcessingLagMillis(acc.maxLagMillis)
            .build());
  }
}
