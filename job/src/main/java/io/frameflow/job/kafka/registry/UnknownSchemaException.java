package io.frameflow.job.kafka.registry;

import java.io.IOException;

/**
 * The registry answered that it has no such schema id, subject or version: about a record, the
 * record's fault (a dead letter), not the registry's.
 */
public final class UnknownSchemaException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnknownSchemaException(String message) {
        super(message);
    }
}
