/**
 * End-to-end ITCases against a real Kafka broker and a real Flink cluster: exactly-once under
 * failures, hostile inputs, backfill, soak (to come, issue 6).
 */
package io.frameflow.it;
