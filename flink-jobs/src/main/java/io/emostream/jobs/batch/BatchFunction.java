package io.emostream.jobs.batch;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;

/**
 * A batched map: exactly one output per input, in input order, computed for a whole micro-batch at
 * once (e.g. one forward pass of a DJL model over N inputs). Runs in the task thread of a {@link
 * MicroBatchOperator}.
 */
public interface BatchFunction<IN, OUT> extends Serializable {

  /** Where a parallel instance runs: its metrics, its index, and its TaskManager's task slots (to size thread pools). */
  record Context(MetricGroup metrics, int subtaskIndex, int taskSlots) {}

  /** Called once per parallel instance before the first batch, e.g. to load a model. */
  default void open(Context context) throws Exception {}

  List<OUT> apply(List<IN> batch) throws Exception;

  default void close() throws Exception {}
}
