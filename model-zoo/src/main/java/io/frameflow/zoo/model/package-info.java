/**
 * Model specification and loading: a {@link io.frameflow.zoo.model.ModelSpec} resolves, through
 * DJL's {@code Criteria}, to a PyTorch {@code ZooModel<Image, Classifications>} with the
 * preprocessing the model expects.
 */
package io.frameflow.zoo.model;
