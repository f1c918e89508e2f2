/**
 * Model control of a running stream job: the descriptors published to the control topic, the roles
 * they give models (active, canary, shadow) and how those change, the canary split by camera, the
 * operator state that keeps the models in force across failures and savepoints, the status events a
 * job writes, and staging models from Flink FileSystems. The classifier operator ({@code
 * io.frameflow.operators.classify}) applies it.
 */
package io.frameflow.operators.control;
