package io.tracejob.operator.selection;

/** No pod can be chosen; {@link #reason()} is a condition reason (CamelCase), the message says what to do. */
public class SelectionException extends Exception {
    private final String reason;

    public SelectionException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SelectionException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
