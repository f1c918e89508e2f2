package io.frameflow.operators.classify;

import io.frameflow.zoo.model.ModelSpec;
import java.io.Serializable;
import java.time.Duration;

/**
 * How the classifier operator batches and runs its model.
 *
 * @param model the model to load
 * @param batchSize largest batch; a full batch is classified at once
 * @param maxWait longest a frame waits for its batch to fill
 * @param intraOpThreads libtorch intra-op threads for the JVM; 0 means cores / slots in use
 * @param interOpThreads libtorch inter-op threads for the JVM
 * @param warmUp run each batch size once on blank input in {@code open()}, so the first frames do
 *     not pay for TorchScript's per-shape specialisation
 * @param graphOptimizer let TorchScript's graph executor re-optimise the graph for every new input
 *     shape on the inference thread (libtorch's default); off, partial batches from timer and
 *     checkpoint flushes run the frozen graph as exported
 * @param inFlightBatches 0: classify on the task thread; N: a worker thread classifies while the
 *     task thread reads and decodes the next batch, at most N batches in flight
 */
public record ClassifierOptions(
        ModelSpec model,
        int batchSize,
        Duration maxWait,
        int intraOpThreads,
        int interOpThreads,
        boolean warmUp,
        boolean graphOptimizer,
        int inFlightBatches)
        implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(5);
    public static final int MAX_IN_FLIGHT_BATCHES = 8;

    public ClassifierOptions {
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        if (batchSize < 1 || batchSize > 1024) {
            throw new IllegalArgumentException("batch size must be in [1, 1024], was " + batchSize);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("max wait must be >= 0, was " + maxWait);
        }
        if (intraOpThreads < 0 || interOpThreads < 1) {
            throw new IllegalArgumentException(
                    "intra-op threads must be >= 0 (0 = auto) and inter-op threads >= 1");
        }
        if (inFlightBatches < 0 || inFlightBatches > MAX_IN_FLIGHT_BATCHES) {
            throw new IllegalArgumentException(
                    "in-flight batches must be in [0, "
                            + MAX_IN_FLIGHT_BATCHES
                            + "], was "
                            + inFlightBatches);
        }
    }

    /**
     * The defaults for a model: batch 16, 5 ms max wait, automatic threads, warm-up on, graph
     * re-optimisation off, classification on the task thread.
     */
    public static ClassifierOptions defaults(ModelSpec model) {
        return new ClassifierOptions(
                model, DEFAULT_BATCH_SIZE, DEFAULT_MAX_WAIT, 0, 1, true, false, 0);
    }

    public ClassifierOptions withModel(ModelSpec spec) {
        return new ClassifierOptions(
                spec,
                batchSize,
                maxWait,
                intraOpThreads,
                interOpThreads,
                warmUp,
                graphOptimizer,
                inFlightBatches);
    }

    public ClassifierOptions withBatchSize(int size) {
        return new ClassifierOptions(
                model,
                size,
                maxWait,
                intraOpThreads,
                interOpThreads,
                warmUp,
                graphOptimizer,
                inFlightBatches);
    }

    public ClassifierOptions withMaxWait(Duration wait) {
        return new ClassifierOptions(
                model,
                batchSize,
                wait,
                intraOpThreads,
                interOpThreads,
                warmUp,
                graphOptimizer,
                inFlightBatches);
    }

    public ClassifierOptions withThreads(int intraOp, int interOp) {
        return new ClassifierOptions(
                model,
                batchSize,
                maxWait,
                intraOp,
                interOp,
                warmUp,
                graphOptimizer,
                inFlightBatches);
    }

    public ClassifierOptions withWarmUp(boolean enabled) {
        return new ClassifierOptions(
                model,
                batchSize,
                maxWait,
                intraOpThreads,
                interOpThreads,
                enabled,
                graphOptimizer,
                inFlightBatches);
    }

    public ClassifierOptions withInFlightBatches(int batches) {
        return new ClassifierOptions(
                model,
                batchSize,
                maxWait,
                intraOpThreads,
                interOpThreads,
                warmUp,
                graphOptimizer,
                batches);
    }
}
