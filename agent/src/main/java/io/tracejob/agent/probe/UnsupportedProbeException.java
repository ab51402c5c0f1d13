package io.tracejob.agent.probe;

/**
 * The spec is valid but this node or engine cannot run it; the message says why and what to try.
 */
public final class UnsupportedProbeException extends Exception {
    public UnsupportedProbeException(String message) {
        super(message);
    }
}
