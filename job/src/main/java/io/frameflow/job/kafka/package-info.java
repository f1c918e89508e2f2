/**
 * Kafka wiring: the wire formats of event values, the frames source that turns undecodable records
 * into dead letters, and the record serialisers of the sinks.
 */
package io.frameflow.job.kafka;
