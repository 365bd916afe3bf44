package io.emostream.jobs.batch;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/**
 * A batched map: exactly one output per input, in input order, computed for a whole micro-batch at
 * once (e.g. one forward pass of a DJL model over N inputs). Runs in the task thread of a {@link
 * MicroBatchOperator}.
 */
public interface BatchFunction<IN, OUT> extends Serializable {

  /**
   * Where a parallel instance runs: its metrics, its index, its TaskManager's task slots (to size
   * thread pools), and the operator's side outputs (e.g. dead letters besides the batch's outputs).
   */
  record Context(MetricGroup metrics, int subtaskIndex, int taskSlots, SideOutput sideOutput) {}

  /**
   * Emits a record to a side output of the operator; call it from {@link #apply} (the task thread)
   * only.
   */
  interface SideOutput {
    <X> void emit(OutputTag<X> tag, X value);
  }

  /** Called once per parallel instance before the first batch, e.g. to load a model. */
  default void open(Context context) throws Exception {}

  List<OUT> apply(List<IN> batch) throws Exception;

  /**
   * Memory the record takes while its batch is processed (its own bytes and what {@link #apply}
   * makes of it); a {@link MicroBatchOperator} with a byte bound runs a batch before it would
   * exceed it. 0 (the default) when only the count bounds a batch.
   */
  default long bytesOf(IN record) {
    return 0;
  }

  /** How often {@link #tick} runs, or null (the default) for never. */
  default Duration tickInterval() {
    return null;
  }

  /**
   * Runs on the task thread between batches every {@link #tickInterval}, also when no input
   * arrives: e.g. to emit, through the context's side output, what a background thread found.
   */
  default void tick() throws Exception {}

  /**
   * State to keep across restarts, as opaque entries, or an empty list for none (the default).
   * Called on the task thread at every checkpoint, after the batch in flight has run.
   */
  default List<byte[]> snapshotState() throws Exception {
    return List.of();
  }

  /**
   * After {@link #open}, on a restart: the entries every subtask's {@link #snapshotState} returned
   * (union redistribution: after a rescale any subtask may need any entry).
   */
  default void restoreState(List<byte[]> entries) throws Exception {}

  default void close() throws Exception {}
}
