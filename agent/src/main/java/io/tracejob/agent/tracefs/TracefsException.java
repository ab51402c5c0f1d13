package io.tracejob.agent.tracefs;

import java.io.IOException;

/**
 * tracefs missing, or a spec naming a tracepoint that does not exist; the message names the field.
 */
public class TracefsException extends IOException {
    public TracefsException(String message) {
        super(message);
    }
}
