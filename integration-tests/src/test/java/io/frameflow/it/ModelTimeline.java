package io.frameflow.it;

import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.event.Prediction;
import io.frameflow.operators.deadletter.SourceAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The phases of a model-lifecycle run as the job's status events tell them, and what the committed
 * predictions must look like in each: the version a camera's frames get, and the gap each swap
 * leaves in the predictions of the partition it happened on.
 *
 * <p>A subtask swaps between two batches and writes its APPLIED event right after, so on one
 * subtask every prediction emitted before the event's time is the old lineup's and every one after
 * the new one's. Which subtask handled which partition is not in the output, so a phase starts for
 * the whole job at its first subtask's swap and is certain only after its last one's: in between,
 * both lineups are allowed (the swap boundary). A transition that changes every camera's model
 * (promote, roll back) shows in each partition where its subtask swapped, which also tells which
 * subtask a partition belongs to, for the transitions that change only some cameras (a canary).
 */
final class ModelTimeline {

    /**
     * One lineup change across the job.
     *
     * @param name what it was
     * @param swaps each subtask's APPLIED time
     * @param everyCamera whether it changes the model of every camera
     * @param before the version a camera's frames get before it
     * @param after the version they get after it
     */
    record Transition(
            String name,
            Map<Integer, Long> swaps,
            boolean everyCamera,
            Function<String, String> before,
            Function<String, String> after) {
        long firstSwap() {
            return swaps.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        }

        long lastSwap() {
            return swaps.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        }
    }

    /**
     * The gap a swap left in one partition: from the last prediction emitted before the swap to the
     * first one after.
     *
     * @param transition which swap
     * @param partition the Kafka partition
     * @param millis the gap
     * @param beforeMillis inference time of the batch before the gap
     * @param afterMillis inference time of the batch after it
     * @param backlogged whether the frame after the gap had been produced before the prediction
     *     before it was emitted: the job had frames to work on, so the gap is not idle time
     */
    record SwapGap(
            String transition,
            String partition,
            long millis,
            long beforeMillis,
            long afterMillis,
            boolean backlogged) {}

    private final List<Transition> transitions = new ArrayList<>();

    /**
     * Adds the next lineup change: the {@code index}-th APPLIED event (1-based) of every subtask
     * marks it.
     */
    ModelTimeline then(
            String name,
            List<ModelStatus> statuses,
            int index,
            boolean everyCamera,
            Function<String, String> before,
            Function<String, String> after) {
        Map<Integer, List<ModelStatus>> applied =
                statuses.stream()
                        .filter(s -> s.getKind() == ModelStatusKind.APPLIED)
                        .sorted(Comparator.comparingLong(ModelStatus::getTime))
                        .collect(Collectors.groupingBy(ModelStatus::getSubtask));
        Map<Integer, Long> swaps = new TreeMap<>();
        applied.forEach((subtask, list) -> swaps.put(subtask, list.get(index - 1).getTime()));
        transitions.add(new Transition(name, swaps, everyCamera, before, after));
        return this;
    }

    /** The versions a prediction may have, by its camera and when it was emitted. */
    Set<String> allowed(Prediction p) {
        long t = p.getEmitTime();
        String camera = p.getSourceId();
        Transition previous = null;
        for (Transition transition : transitions) {
            if (t < transition.firstSwap()) {
                return Set.of(transition.before().apply(camera));
            }
            if (t <= transition.lastSwap()) {
                return new HashSet<>(
                        List.of(
                                transition.before().apply(camera),
                                transition.after().apply(camera)));
            }
            previous = transition;
        }
        return Set.of(previous.after().apply(camera));
    }

    /** The gap of every transition in every partition. */
    List<SwapGap> swapGaps(List<Prediction> predictions) {
        Map<String, List<Prediction>> byPartition =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        p ->
                                                p.getAttributes()
                                                        .getOrDefault(
                                                                SourceAttributes.PARTITION, "?")));
        List<SwapGap> gaps = new ArrayList<>();
        byPartition.forEach(
                (partition, list) -> {
                    List<Prediction> sorted =
                            list.stream()
                                    .sorted(Comparator.comparingLong(Prediction::getEmitTime))
                                    .toList();
                    Integer subtask = null;
                    for (Transition t : transitions) {
                        if (t.everyCamera()) {
                            Optional<Prediction[]> pair = firstChange(sorted, t);
                            pair.ifPresent(p -> gaps.add(gap(t, partition, p)));
                            if (pair.isPresent() && subtask == null) {
                                subtask = subtaskOf(t, pair.get());
                            }
                        }
                    }
                    for (Transition t : transitions) {
                        if (!t.everyCamera()) {
                            // Without knowing the partition's subtask, every subtask's swap counts.
                            for (Map.Entry<Integer, Long> swap : t.swaps().entrySet()) {
                                if (subtask == null || subtask.equals(swap.getKey())) {
                                    around(sorted, swap.getValue())
                                            .ifPresent(p -> gaps.add(gap(t, partition, p)));
                                }
                            }
                        }
                    }
                });
        return gaps.stream().distinct().toList();
    }

    /**
     * The first prediction of a camera whose model the transition changed, made by the new model,
     * and the prediction before it in the partition.
     */
    private static Optional<Prediction[]> firstChange(List<Prediction> sorted, Transition t) {
        for (int i = 1; i < sorted.size(); i++) {
            Prediction p = sorted.get(i);
            String before = t.before().apply(p.getSourceId());
            String after = t.after().apply(p.getSourceId());
            if (p.getEmitTime() >= t.firstSwap()
                    && !before.equals(after)
                    && p.getModelVersion().equals(after)) {
                // The predictions of a batch share an emit time: the one before is the last of
                // the batch before.
                for (int j = i - 1; j >= 0; j--) {
                    if (sorted.get(j).getEmitTime() < p.getEmitTime()) {
                        return Optional.of(new Prediction[] {sorted.get(j), p});
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The subtask whose swap falls in the gap; null when none or several do. */
    private static Integer subtaskOf(Transition t, Prediction[] pair) {
        List<Integer> inside =
                t.swaps().entrySet().stream()
                        .filter(
                                e ->
                                        e.getValue() >= pair[0].getEmitTime()
                                                && e.getValue() <= pair[1].getEmitTime())
                        .map(Map.Entry::getKey)
                        .toList();
        return inside.size() == 1 ? inside.get(0) : null;
    }

    /** The last prediction emitted at or before a time and the first one after it. */
    private static Optional<Prediction[]> around(List<Prediction> sorted, long t) {
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).getEmitTime() <= t && sorted.get(i).getEmitTime() > t) {
                return Optional.of(new Prediction[] {sorted.get(i - 1), sorted.get(i)});
            }
        }
        return Optional.empty();
    }

    private static SwapGap gap(Transition t, String partition, Prediction[] pair) {
        return new SwapGap(
                t.name(),
                partition,
                pair[1].getEmitTime() - pair[0].getEmitTime(),
                pair[0].getTimings().getInferenceMicros() / 1_000,
                pair[1].getTimings().getInferenceMicros() / 1_000,
                pair[1].getEventTime() <= pair[0].getEmitTime());
    }

    /**
     * The gaps between consecutive batches of each partition while frames were waiting, swaps or
     * not: what a swap gap compares with.
     */
    static List<Long> batchGaps(List<Prediction> predictions) {
        List<Long> gaps = new ArrayList<>();
        predictions.stream()
                .collect(
                        Collectors.groupingBy(
                                p ->
                                        p.getAttributes()
                                                .getOrDefault(SourceAttributes.PARTITION, "?")))
                .values()
                .forEach(
                        list -> {
                            List<Prediction> sorted =
                                    list.stream()
                                            .sorted(
                                                    Comparator.comparingLong(
                                                            Prediction::getEmitTime))
                                            .toList();
                            for (int i = 1; i < sorted.size(); i++) {
                                Prediction before = sorted.get(i - 1);
                                Prediction after = sorted.get(i);
                                if (after.getEmitTime() > before.getEmitTime()
                                        && after.getEventTime() <= before.getEmitTime()) {
                                    gaps.add(after.getEmitTime() - before.getEmitTime());
                                }
                            }
                        });
        return gaps;
    }

    List<Transition> transitions() {
        return transitions;
    }
}
