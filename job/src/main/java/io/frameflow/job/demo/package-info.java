/**
 * The embedded demo: a Kafka broker, a Flink MiniCluster with its web UI, the streaming job and the
 * frame producer in one process, with a live view of what comes out.
 */
package io.frameflow.job.demo;
