package io.frameflow.job.produce;

import java.io.IOException;
import java.util.Optional;

/** A sequence of encoded images to publish; empty when it is exhausted. */
public interface FrameSource extends AutoCloseable {

    Optional<SourceFrame> next() throws IOException;

    @Override
    default void close() throws IOException {}
}
