/**
 * The frame producer: replays images from Fashion-MNIST, folders, zip/tar archives or an MJPEG
 * camera into a Kafka topic as simulated cameras.
 */
package io.frameflow.job.produce;
