/**
 * Image decoding and validation: format sniffing, header limits checked before pixels are
 * allocated, EXIF orientation, reading images by URI through Flink's FileSystem, and the Flink
 * function that turns {@code ImageEvent}s into model-ready tensors or dead letters.
 */
package io.frameflow.operators.decode;
