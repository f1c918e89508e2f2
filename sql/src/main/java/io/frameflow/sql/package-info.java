/**
 * Frameflow in Flink SQL: the model provider behind {@code CREATE MODEL ... WITH ('provider' =
 * 'frameflow', ...)} and the {@code ML_PREDICT} functions it gives the planner, which classify an
 * image column with the same shared models, micro-batching, image limits and metrics as the
 * DataStream classifier.
 */
package io.frameflow.sql;
