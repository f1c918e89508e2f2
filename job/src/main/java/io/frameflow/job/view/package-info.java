/**
 * The live web view ({@code frameflow view}, and the view {@code demo} starts): a local HTTP server
 * with one self-contained page, updated through Server-Sent Events, that shows the latest frames
 * per camera next to their labels, throughput and latency charts, dead letters by stage and the
 * model. It reads the job's committed output and the input frames from Kafka and joins them by
 * event id with bounded memory. {@link io.frameflow.job.view.LiveView} is its one entry point.
 */
package io.frameflow.job.view;
