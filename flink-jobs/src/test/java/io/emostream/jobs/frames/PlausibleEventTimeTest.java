package io.emostream.jobs.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.jobs.io.KafkaRecordBytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class PlausibleEventTimeTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void aTimestampAnHourAheadDoesNotMoveEventTime() {
    PlausibleEventTime generator =
        new PlausibleEventTime(
            Duration.ofSeconds(1), Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC));
    Watermarks out = new Watermarks();
    long t = NOW.toEpochMilli() - 5_000;
    generator.onEvent(record(t), t, out);
    long hourAhead = NOW.plusSeconds(3600).toEpochMilli();
    generator.onEvent(record(hourAhead), hourAhead, out);
    generator.onEvent(record(-1), -1, out);
    generator.onPeriodicEmit(out);
    assertThat(out.marks).containsExactly(t - 1_000 - 1);

    long soon = NOW.plusSeconds(30).toEpochMilli(); // within max-future: admission accepts it
    generator.onEvent(record(soon), soon, out);
    generator.onPeriodicEmit(out);
    assertThat(out.marks).last().isEqualTo(soon - 1_000 - 1);
  }

  private static KafkaRecordBytes record(long timestamp) {
    return new KafkaRecordBytes("frames", 0, 0, timestamp, null, new byte[0]);
  }

  private static final class Watermarks implements WatermarkOutput {
    final List<Long> marks = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      marks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  }
}
