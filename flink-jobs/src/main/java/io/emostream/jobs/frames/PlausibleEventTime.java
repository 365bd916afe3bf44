package io.emostream.jobs.frames;

import io.emostream.jobs.io.KafkaRecordBytes;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the frames topic, per partition at the source (so a partition replaying a backlog
 * holds event time back for the others): bounded out-of-orderness over record timestamps, counting
 * only timestamps admission would accept. A record stamped further ahead of this clock than {@code
 * scoring.frame.max-future} (or before 1970) is dead-lettered by admission and must not move event
 * time: one such record would otherwise make every later frame of every camera late.
 */
public final class PlausibleEventTime implements WatermarkGenerator<KafkaRecordBytes> {
  private final long outOfOrdernessMillis;
  private final long maxFutureMillis;
  private final Clock clock;
  private long newest = Long.MIN_VALUE;

  PlausibleEventTime(Duration outOfOrderness, Duration maxFuture, Clock clock) {
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
    this.maxFutureMillis = maxFuture.toMillis();
    this.clock = clock;
  }

  /** Record timestamps as event time, watermarks from plausible ones, idle partitions skipped. */
  public static WatermarkStrategy<KafkaRecordBytes> strategy(
      Duration outOfOrderness, Duration maxFuture, Duration idleness) {
    return strategy(outOfOrderness, maxFuture, idleness, Clock.systemUTC());
  }

  static WatermarkStrategy<KafkaRecordBytes> strategy(
      Duration outOfOrderness, Duration maxFuture, Duration idleness, Clock clock) {
    return WatermarkStrategy.<KafkaRecordBytes>forGenerator(
            ctx -> new PlausibleEventTime(outOfOrderness, maxFuture, clock))
        .withTimestampAssigner((record, ignored) -> record.timestamp)
        .withIdleness(idleness);
  }

  @Override
  public void onEvent(KafkaRecordBytes record, long timestamp, WatermarkOutput output) {
    if (timestamp >= 0 && timestamp <= clock.millis() + maxFutureMillis) {
      newest = Math.max(newest, timestamp);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (newest != Long.MIN_VALUE) {
      output.emitWatermark(new Watermark(newest - outOfOrdernessMillis - 1));
    }
  }
}
