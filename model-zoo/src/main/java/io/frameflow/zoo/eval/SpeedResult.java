package io.frameflow.zoo.eval;

/**
 * Throughput of a predictor at one batch size.
 *
 * @param batchSize images per call
 * @param imagesPerSecond median over the measured rounds
 * @param medianBatchMillis median time of one batch
 */
public record SpeedResult(int batchSize, double imagesPerSecond, double medianBatchMillis) {}
