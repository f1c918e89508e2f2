package io.frameflow.job.produce;

/**
 * One image read by a {@link FrameSource}.
 *
 * @param bytes the encoded image
 * @param contentType its MIME type, as far as the source knows
 * @param label the ground truth, or null
 * @param name where it came from (file name, archive entry, index)
 */
public record SourceFrame(byte[] bytes, String contentType, String label, String name) {}
