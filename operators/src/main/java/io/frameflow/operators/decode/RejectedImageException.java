package io.frameflow.operators.decode;

import io.frameflow.event.Stage;

/** An image that cannot be classified; the stage and message go into its dead letter. */
public class RejectedImageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Stage stage;

    public RejectedImageException(Stage stage, String message) {
        super(message);
        this.stage = stage;
    }

    public RejectedImageException(Stage stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    /** Where in the pipeline the image failed. */
    public Stage stage() {
        return stage;
    }

    /** The class name a dead letter reports: the underlying error's when there is one. */
    public String errorClass() {
        return getCause() != null ? getCause().getClass().getName() : getClass().getName();
    }
}
