/** Flink building blocks of Frameflow: decoding, the micro-batching classifier, dead letters. */
package io.frameflow.operators;
