/**
 * The micro-batching classifier: a Flink operator with one DJL predictor per subtask over weights
 * shared per TaskManager, flushing its batch on size, on max wait, before every checkpoint barrier,
 * on watermarks and at end of input.
 */
package io.frameflow.operators.classify;
