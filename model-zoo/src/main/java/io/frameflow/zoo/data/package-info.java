/** Datasets the model zoo can read without Python: Fashion-MNIST in its IDX format. */
package io.frameflow.zoo.data;
