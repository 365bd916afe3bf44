package io.emostream.jobs.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class MicroBatchOperatorTest {
  /** Records batch sizes; doubles each input. */
  static final class Doubling implements BatchFunction<Integer, Integer> {
    static final ConcurrentLinkedQueue<Integer> SIZES = new ConcurrentLinkedQueue<>();

    @Override
    public List<Integer> apply(List<Integer> batch) {
      SIZES.add(batch.size());
      List<Integer> out = new ArrayList<>();
      batch.forEach(i -> out.add(i * 2));
      return out;
    }
  }

  private static OneInputStreamOperatorTestHarness<Integer, Integer> harness(
      int maxSize, Duration maxWait) throws Exception {
    Doubling.SIZES.clear();
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new MicroBatchOperator<>(new Doubling(), maxSize, maxWait));
    h.open();
    return h;
  }

  /**
   * Emits a side-output record on every tick, as the face encoder does with rejected model
   * releases.
   */
  static final class Ticking implements BatchFunction<Integer, Integer> {
    static final OutputTag<String> TICKS = new OutputTag<>("ticks") {};
    private transient SideOutput side;
    private transient int count;

    @Override
    public void open(Context context) {
      side = context.sideOutput();
    }

    @Override
    public List<Integer> apply(List<Integer> batch) {
      return batch;
    }

    @Override
    public Duration tickInterval() {
      return Duration.ofMillis(100);
    }

    @Override
    public void tick() {
      side.emit(TICKS, "tick " + ++count);
    }
  }

  /** Weighs each record by its value, like frames by their pixel bytes. */
  static final class Weighing implements BatchFunction<Integer, Integer> {
    static final ConcurrentLinkedQueue<List<Integer>> BATCHES = new ConcurrentLinkedQueue<>();

    @Override
    public List<Integer> apply(List<Integer> batch) {
      BATCHES.add(List.copyOf(batch));
      return batch;
    }

    @Override
    public long bytesOf(Integer record) {
      return record;
    }
  }

  @Test
  void aBatchNeverHoldsMoreBytesThanItsBoundAndAHugeRecordRunsAlone() throws Exception {
    Weighing.BATCHES.clear();
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new MicroBatchOperator<>(new Weighing(), 16, Duration.ofSeconds(10), 100))) {
      h.open();
      for (int value : new int[] {40, 40, 30, 500, 10, 10}) {
        h.processElement(new StreamRecord<>(value, value));
      }
      h.endInput();
      assertThat(Weighing.BATCHES)
          .containsExactly(List.of(40, 40), List.of(30), List.of(500), List.of(10, 10));
      assertThat(h.extractOutputValues()).containsExactly(40, 40, 30, 500, 10, 10);
    }
  }

  /** Counts what it saw; keeps the count across restarts. */
  static final class Counting implements BatchFunction<Integer, Integer> {
    static final ConcurrentLinkedQueue<List<byte[]>> RESTORED = new ConcurrentLinkedQueue<>();
    private transient int seen;

    @Override
    public List<Integer> apply(List<Integer> batch) {
      seen += batch.size();
      return batch;
    }

    @Override
    public List<byte[]> snapshotState() {
      return List.of(new byte[] {(byte) seen});
    }

    @Override
    public void restoreState(List<byte[]> entries) {
      RESTORED.add(entries);
      seen = entries.get(0)[0];
    }
  }

  @Test
  void aFunctionsStateSurvivesARestartAfterTheBatchInFlightRan() throws Exception {
    Counting.RESTORED.clear();
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new MicroBatchOperator<>(new Counting(), 16, Duration.ofSeconds(10)))) {
      h.open();
      h.processElement(new StreamRecord<>(1, 1));
      h.processElement(new StreamRecord<>(2, 2));
      h.prepareSnapshotPreBarrier(1); // runs the waiting batch first
      snapshot = h.snapshot(1, 3);
    }
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new MicroBatchOperator<>(new Counting(), 16, Duration.ofSeconds(10)))) {
      h.initializeState(snapshot);
      h.open();
    }
    assertThat(Counting.RESTORED)
        .singleElement()
        .satisfies(e -> assertThat(e.get(0)[0]).isEqualTo((byte) 2));
  }

  @Test
  void ticksOnTheTaskThreadWithoutInputAndEmitsToSideOutputs() throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new MicroBatchOperator<>(new Ticking(), 4, Duration.ofSeconds(1)))) {
      h.setProcessingTime(0);
      h.open();
      h.setProcessingTime(100);
      h.setProcessingTime(200);
      assertThat(h.getSideOutput(Ticking.TICKS))
          .extracting(StreamRecord::getValue)
          .containsExactly("tick 1", "tick 2");
      assertThat(h.extractOutputValues()).isEmpty();
    }
  }

  @Test
  void runsFullBatchesAndKeepsEachRecordsTimestamp() throws Exception {
    try (var h = harness(3, Duration.ofSeconds(10))) {
      for (int i = 1; i <= 7; i++) {
        h.processElement(new StreamRecord<>(i, 100L * i));
      }
      assertThat(h.extractOutputValues()).containsExactly(2, 4, 6, 8, 10, 12);
      assertThat(Doubling.SIZES).containsExactly(3, 3);
      assertThat(h.getOutput())
          .extracting(o -> ((StreamRecord<?>) o).getTimestamp())
          .containsExactly(100L, 200L, 300L, 400L, 500L, 600L);
    }
  }

  @Test
  void flushesAPartialBatchWhenItsFirstRecordHasWaitedLongEnough() throws Exception {
    try (var h = harness(10, Duration.ofMillis(50))) {
      h.setProcessingTime(0);
      h.processElement(new StreamRecord<>(1, 1L));
      h.processElement(new StreamRecord<>(2, 2L));
      h.setProcessingTime(49);
      assertThat(h.extractOutputValues()).isEmpty();
      h.setProcessingTime(50);
      assertThat(h.extractOutputValues()).containsExactly(2, 4);
    }
  }

  @Test
  void holdsAWatermarkBackUntilTheRecordsBeforeItLeaveInsteadOfCuttingTheBatch() throws Exception {
    try (var h = harness(3, Duration.ofSeconds(10))) {
      h.processElement(new StreamRecord<>(1, 5L));
      h.processWatermark(new Watermark(5L));
      h.processWatermark(new Watermark(6L));
      assertThat(h.getOutput()).isEmpty(); // neither the partial batch nor the watermark

      h.processElement(new StreamRecord<>(2, 7L));
      h.processElement(new StreamRecord<>(3, 8L));
      assertThat(Doubling.SIZES).containsExactly(3); // one full batch
      assertThat(h.getOutput()).hasSize(4);
      assertThat(h.getOutput()).first().isInstanceOf(StreamRecord.class);
      assertThat(h.getOutput())
          .last()
          .isEqualTo(new Watermark(6L)); // only the newest, after the records
    }
  }

  @Test
  void passesAWatermarkStraightThroughWhenNothingWaits() throws Exception {
    try (var h = harness(3, Duration.ofSeconds(10))) {
      h.processWatermark(new Watermark(5L));
      assertThat(h.getOutput()).containsExactly(new Watermark(5L));
    }
  }

  @Test
  void aHeldWatermarkLeavesWithThePartialBatchAtItsDeadline() throws Exception {
    try (var h = harness(10, Duration.ofMillis(50))) {
      h.setProcessingTime(0);
      h.processElement(new StreamRecord<>(1, 1L));
      h.processWatermark(new Watermark(1L));
      h.setProcessingTime(50);
      assertThat(h.getOutput()).hasSize(2);
      assertThat(h.getOutput()).last().isEqualTo(new Watermark(1L));
    }
  }

  @Test
  void buffersNothingAcrossACheckpoint() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    try (var h = harness(10, Duration.ofSeconds(10))) {
      h.processElement(new StreamRecord<>(1, 1L));
      h.prepareSnapshotPreBarrier(1L);
      assertThat(h.extractOutputValues()).containsExactly(2);
      snapshot = h.snapshot(1L, 1L);
    }
    Counting.RESTORED.clear();
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new MicroBatchOperator<>(new Counting(), 10, Duration.ofSeconds(10)))) {
      h.initializeState(snapshot); // a stateless function's snapshot: no records, no entries
      h.open();
      assertThat(h.getOutput()).isEmpty();
    }
    assertThat(Counting.RESTORED).isEmpty();
  }

  @Test
  void flushesAtEndOfInput() throws Exception {
    try (var h = harness(10, Duration.ofSeconds(10))) {
      h.processElement(new StreamRecord<>(21, 1L));
      h.endInput();
      assertThat(h.extractOutputValues()).containsExactly(42);
    }
  }
}
