package io.tracejob.operator.selection;

import io.tracejob.operator.status.EventReason;

/**
 * No pod can be chosen; {@link #reason()} is a condition reason (CamelCase), the message says what
 * to do.
 */
public class SelectionException extends Exception {
    private final EventReason reason;

    public SelectionException(EventReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SelectionException(EventReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public EventReason reason() {
        return reason;
    }
}
