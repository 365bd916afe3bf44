package io.emostream.jobs.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Gathers records into micro-batches for a {@link BatchFunction} (Flink has no such operator yet,
 * FLINK-38825): a batch runs when it reaches {@code maxSize} records or would exceed {@code
 * maxBytes} (as the function weighs its records: a few huge frames must not add up to gigabytes),
 * when its first record has waited {@code maxWait} (processing time), before a checkpoint barrier
 * or a change of watermark status, and at end of input. A watermark that arrives while records wait
 * is held back until they have left, so watermarks (several a second) do not cut batches short; it
 * is delayed by at most {@code maxWait}. It needs no state: nothing is buffered across a
 * checkpoint. The function runs in the task thread, so at most {@code maxSize} records are in
 * flight and overload becomes backpressure.
 *
 * <p>Each output keeps its input's timestamp. Metrics: {@code batch_size} and {@code
 * batch_latency_ms} histograms, {@code batches} counter.
 *
 * <pre>{@code
 * stream.transform("faces", outputType, new MicroBatchOperator<>(new FaceEncodingFunction(...), 32, Duration.ofMillis(50)));
 * }</pre>
 */
public final class MicroBatchOperator<IN, OUT> extends AbstractStreamOperator<OUT>
    implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final BatchFunction<IN, OUT> function;
  private final int maxSize;
  private final long maxWaitMillis;
  private final long maxBytes;

  private transient List<StreamRecord<IN>> buffer;
  private transient ListState<byte[]> functionState;
  private transient List<byte[]> restored;
  private transient long bufferedBytes;

  /** The newest watermark that arrived while records were buffered; emitted after them. */
  private transient Watermark heldWatermark;

  private transient ScheduledFuture<?> timer;
  private transient ScheduledFuture<?> ticks;
  private transient Histogram batchSizes;
  private transient Histogram batchLatency;
  private transient Counter batches;

  public MicroBatchOperator(BatchFunction<IN, OUT> function, int maxSize, Duration maxWait) {
    this(function, maxSize, maxWait, Long.MAX_VALUE);
  }

  /**
   * @param maxBytes most bytes a batch holds, as {@link BatchFunction#bytesOf} weighs its records;
   *     a single record larger than this runs alone
   */
  public MicroBatchOperator(
      BatchFunction<IN, OUT> function, int maxSize, Duration maxWait, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("micro-batch max bytes must be positive, got " + maxBytes);
    }
    if (maxSize < 1) {
      throw new IllegalArgumentException("micro-batch max size must be at least 1, got " + maxSize);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "micro-batch max wait must not be negative, got " + maxWait);
    }
    this.function = function;
    this.maxSize = maxSize;
    this.maxWaitMillis = maxWait.toMillis();
    this.maxBytes = maxBytes;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    functionState =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("batch-function-state", byte[].class));
    restored = new ArrayList<>();
    if (context.isRestored()) {
      functionState.get().forEach(restored::add);
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    functionState.update(function.snapshotState());
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new ArrayList<>(maxSize);
    batchSizes = getMetricGroup().histogram("batch_size", new DescriptiveStatisticsHistogram(1000));
    batchLatency =
        getMetricGroup().histogram("batch_latency_ms", new DescriptiveStatisticsHistogram(1000));
    batches = getMetricGroup().counter("batches");
    int taskSlots =
        getContainingTask()
            .getEnvironment()
            .getTaskManagerInfo()
            .getConfiguration()
            .get(TaskManagerOptions.NUM_TASK_SLOTS);
    BatchFunction.SideOutput sideOutput =
        new BatchFunction.SideOutput() {
          @Override
          public <X> void emit(OutputTag<X> tag, X value) {
            output.collect(tag, new StreamRecord<>(value));
          }
        };
    function.open(
        new BatchFunction.Context(
            getMetricGroup(),
            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
            taskSlots,
            sideOutput));
    if (!restored.isEmpty()) {
      function.restoreState(restored);
    }
    restored = null;
    Duration tick = function.tickInterval();
    if (tick != null) {
      ticks =
          getProcessingTimeService()
              .scheduleWithFixedDelay(time -> function.tick(), tick.toMillis(), tick.toMillis());
    }
  }

  @Override
  public void processElement(StreamRecord<IN> element) throws Exception {
    long bytes = function.bytesOf(element.getValue());
    if (!buffer.isEmpty() && bufferedBytes + bytes > maxBytes) {
      flush(); // the waiting records (and a watermark held behind them) leave before this one
    }
    buffer.add(element.copy(element.getValue()));
    bufferedBytes += bytes;
    if (buffer.size() >= maxSize || bufferedBytes >= maxBytes) {
      flush();
    } else if (buffer.size() == 1 && maxWaitMillis > 0) {
      long due = getProcessingTimeService().getCurrentProcessingTime() + maxWaitMillis;
      timer = getProcessingTimeService().registerTimer(due, time -> flush());
    } else if (maxWaitMillis == 0) {
      flush();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (buffer.isEmpty()) {
      super.processWatermark(mark);
    } else {
      heldWatermark = mark; // records before the watermark leave before it: at the next flush
    }
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    flush(); // emits a held watermark while the output is still active
    super.processWatermarkStatus(status);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush(); // nothing stays buffered across a checkpoint, so there is no state to snapshot
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    flush();
  }

  private void flush() throws Exception {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (!buffer.isEmpty()) {
      runBatch();
    }
    if (heldWatermark != null) {
      Watermark mark = heldWatermark;
      heldWatermark = null;
      super.processWatermark(mark);
    }
  }

  private void runBatch() throws Exception {
    List<StreamRecord<IN>> records = buffer;
    buffer = new ArrayList<>(maxSize);
    bufferedBytes = 0;
    List<IN> inputs = new ArrayList<>(records.size());
    records.forEach(r -> inputs.add(r.getValue()));
    long start = System.nanoTime();
    List<OUT> outputs = function.apply(inputs);
    batchLatency.update((System.nanoTime() - start) / 1_000_000);
    batchSizes.update(records.size());
    batches.inc();
    if (outputs.size() != records.size()) {
      throw new IllegalStateException(
          function.getClass().getName()
              + " returned "
              + outputs.size()
              + " outputs for "
              + records.size()
              + " inputs");
    }
    for (int i = 0; i < outputs.size(); i++) {
      output.collect(records.get(i).replace(outputs.get(i)));
    }
  }

  @Override
  public void close() throws Exception {
    if (ticks != null) {
      ticks.cancel(false);
    }
    try {
      function.close();
    } finally {
      super.close();
    }
  }
}
