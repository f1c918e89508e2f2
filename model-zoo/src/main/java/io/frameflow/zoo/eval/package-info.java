/** Measuring a loaded model: accuracy on a labelled set, and images per second. */
package io.frameflow.zoo.eval;
