package io.frameflow.job.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics and returns once the broker leads every one of their partitions. The controller
 * acknowledges a creation before the broker has opened the partitions, and an idempotent producer
 * whose first batch meets a partition not open yet resends it behind later ones, which the broker
 * then refuses as out of sequence for as long as that producer lives (seen as a benchmark producer
 * stalled for minutes). Listing offsets is answered by a partition's leader, so its success means
 * the partition is open.
 */
public final class TopicCreation {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    private TopicCreation() {}

    /**
     * Creates the topics with {@code partitions} partitions and replication 1 (topics that exist
     * already are kept), then waits for their leaders.
     */
    public static void create(String bootstrap, int partitions, String... topics)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> newTopics = new ArrayList<>();
            Map<TopicPartition, OffsetSpec> everyPartition = new HashMap<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
                for (int p = 0; p < partitions; p++) {
                    everyPartition.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            try {
                admin.createTopics(newTopics).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, everyPartition);
        }
    }

    private static void awaitLeaders(Admin admin, Map<TopicPartition, OffsetSpec> partitions)
            throws InterruptedException {
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "no leader for " + partitions.keySet() + " after " + LEADER_TIMEOUT, e);
                }
                Thread.sleep(50);
            }
        }
    }
}
