/**
 * Kafka wiring: the wire formats of event values, the frames and model-control sources that turn
 * undecodable records into dead letters, and the record serialisers of the sinks.
 */
package io.frameflow.job.kafka;
