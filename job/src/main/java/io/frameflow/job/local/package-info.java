/** Services started inside this JVM for the demo and the tests: a Kafka KRaft broker. */
package io.frameflow.job.local;
