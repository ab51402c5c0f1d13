package io.tracejob.operator.plugin.source;

/**
 * A failure the person at the terminal can act on: the message says what is wrong and what to do;
 * the command ends with exit code 1 and the message, without a stack trace.
 */
public final class PluginError extends RuntimeException {
    public PluginError(String message) {
        super(message);
    }

    public PluginError(String message, Throwable cause) {
        super(message, cause);
    }
}
