/**
 * The client side of model control: publishing model descriptors to a stream job's control topic
 * and reading back what its classify subtasks run from the status topic ({@code frameflow model
 * publish} and {@code frameflow model status}).
 */
package io.frameflow.job.model;
