package io.frameflow.job.testutils;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the ITCases run their jobs on: one TaskManager with N slots. */
public final class MiniClusters {

    private MiniClusters() {}

    /**
     * A MiniCluster with one TaskManager of {@code slots} slots, for {@code @RegisterExtension}.
     */
    public static MiniClusterExtension withSlots(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }
}
