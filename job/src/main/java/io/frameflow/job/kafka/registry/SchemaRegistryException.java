package io.frameflow.job.kafka.registry;

/**
 * The schema registry could not give an answer: unreachable for longer than the retry timeout,
 * credentials or TLS refused, or an answer that is not the registry API. Never a record's fault, so
 * a record that meets it must not become a dead letter: the task fails, and Flink's restart
 * strategy tries again from the last checkpoint.
 */
public final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
