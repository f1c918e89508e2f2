/**
 * Backfill: the decode → classify pipeline over a bounded set of images (folders, zip/tar archives,
 * path lists, Fashion-MNIST IDX files) in Flink's BATCH mode, with files out, a progress line and a
 * report.
 */
package io.frameflow.job.backfill;
