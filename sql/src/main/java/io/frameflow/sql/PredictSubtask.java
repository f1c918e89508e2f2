package io.frameflow.sql;

import io.frameflow.event.Stage;
import io.frameflow.operators.classify.BatchClassifier;
import io.frameflow.operators.classify.ClassifierMetrics;
import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.classify.SubtaskClassifier;
import io.frameflow.operators.decode.DecodeMetrics;
import io.frameflow.operators.decode.ImageDecoder;
import io.frameflow.operators.decode.RejectedImageException;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

/**
 * What one subtask of {@code ML_PREDICT} holds, for the async and the sync function alike: its
 * {@link SubtaskClassifier} over the TaskManager's shared model, the image decoder with the model's
 * limits, and the decode and classifier metrics of the DataStream job (so dashboards and
 * dead-letter counters read the same for both).
 */
final class PredictSubtask implements AutoCloseable {

    /** A row's image, decoded to model-ready pixels, or the output row saying why it is not. */
    record Decoded(byte[] pixels, RowData rejected) {}

    /** An image waiting for its batch: its pixels and when it entered ML_PREDICT. */
    record Pending(byte[] pixels, long arrivalNanos) {}

    private final PredictSettings settings;
    private final SubtaskClassifier classifier;
    private final ImageDecoder decoder;
    private final Preprocessing preprocessing;
    private final DecodeMetrics decodeMetrics;
    private final ClassifierMetrics classifierMetrics;

    private PredictSubtask(
            PredictSettings settings,
            SubtaskClassifier classifier,
            DecodeMetrics decodeMetrics,
            ClassifierMetrics classifierMetrics) {
        this.settings = settings;
        this.classifier = classifier;
        this.decoder = new ImageDecoder(settings.limits());
        this.preprocessing = classifier.model().preprocessing();
        this.decodeMetrics = decodeMetrics;
        this.classifierMetrics = classifierMetrics;
    }

    /**
     * Configures libtorch's threads, takes the subtask's hold on the shared model and registers the
     * metrics.
     *
     * @param buffered rows waiting for their batch now
     * @param inFlight batches being classified now
     */
    static PredictSubtask open(
            PredictSettings settings,
            FunctionContext context,
            IntSupplier buffered,
            IntSupplier inFlight) {
        ClassifierOptions options = settings.classifier();
        TaskInfo task = context.getTaskInfo();
        EngineThreads.configure(
                intraOpThreads(options, task.getNumberOfParallelSubtasks()),
                options.interOpThreads());
        SubtaskClassifier classifier =
                SubtaskClassifier.open(
                        options.model(),
                        task.getIndexOfThisSubtask(),
                        context.getExternalResourceInfos(SubtaskClassifier.GPU_RESOURCE));
        try {
            return new PredictSubtask(
                    settings,
                    classifier,
                    new DecodeMetrics(context.getMetricGroup()),
                    new ClassifierMetrics(
                            context.getMetricGroup(),
                            buffered,
                            inFlight,
                            classifier.model().device()));
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /**
     * Graph executor and warm-up for the thread that will classify; the batch sizes it warms up are
     * 1 and the largest batch the function will send.
     */
    void prepareInferenceThread(int largestBatch) {
        ClassifierOptions options = settings.classifier();
        classifier.prepareInferenceThread(options.graphOptimizer(), options.warmUp(), largestBatch);
    }

    /** Reads, checks and decodes the row's image; a rejected image is counted as a dead letter. */
    Decoded decode(RowData row) {
        long start = System.nanoTime();
        try {
            byte[] encoded = settings.input().read(row, decoder, settings.fetcher());
            byte[] pixels = ImagePixels.of(decoder.decode(encoded), preprocessing);
            decodeMetrics.decoded((System.nanoTime() - start) / 1_000);
            return new Decoded(pixels, null);
        } catch (RejectedImageException e) {
            decodeMetrics.deadLetter(e.stage());
            return new Decoded(null, settings.output().rejected(e.stage().name(), e.getMessage()));
        }
    }

    /** Classifies a micro-batch; one output row per image, in order. */
    List<RowData> classify(List<Pending> batch) {
        List<byte[]> pixels = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            pixels.add(pending.pixels());
        }
        long start = System.nanoTime();
        List<BatchClassifier.Outcome> outcomes = classifier.classify(pixels);
        long end = System.nanoTime();
        classifierMetrics.batch(batch.size(), (end - start) / 1_000);
        List<RowData> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            BatchClassifier.Outcome outcome = outcomes.get(i);
            if (outcome.failed()) {
                classifierMetrics.deadLetter();
                rows.add(
                        settings.output()
                                .rejected(
                                        Stage.INFER.name(),
                                        outcome.error().getClass().getName()
                                                + ": "
                                                + outcome.error().getMessage()));
                continue;
            }
            long arrival = batch.get(i).arrivalNanos();
            classifierMetrics.classified((start - arrival) / 1_000, (end - arrival) / 1_000_000);
            rows.add(settings.output().classified(classifier.topK(outcome.probabilities())));
        }
        return rows;
    }

    @Override
    public void close() {
        classifier.close();
    }

    /**
     * As configured, or the cores divided among the subtasks of ML_PREDICT (a function does not see
     * the TaskManager's slots; on several TaskManagers, set it).
     */
    private static int intraOpThreads(ClassifierOptions options, int parallelism) {
        if (options.intraOpThreads() > 0) {
            return options.intraOpThreads();
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallelism));
    }
}
