/** The streaming job: frames from Kafka to predictions and dead letters in Kafka. */
package io.frameflow.job.stream;
