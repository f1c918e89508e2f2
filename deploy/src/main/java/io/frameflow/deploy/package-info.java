/**
 * Running Frameflow elsewhere: a local standalone Flink cluster and Kafka broker started from
 * Maven-resolved jars, container images and Kubernetes manifests (to come, issue 7).
 */
package io.frameflow.deploy;
