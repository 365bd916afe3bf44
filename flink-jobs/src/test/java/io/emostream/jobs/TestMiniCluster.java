package io.emostream.jobs;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the jobs' integration tests run on. */
public final class TestMiniCluster {
  private TestMiniCluster() {}

  /**
   * One TaskManager with two slots, shared by a test class's tests: room for a job's two parallel
   * pipelines (or one job and the collect sink) on a two-core build machine.
   */
  public static MiniClusterExtension oneTaskManagerTwoSlots() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }
}
