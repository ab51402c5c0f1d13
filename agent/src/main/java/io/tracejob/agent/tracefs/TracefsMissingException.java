package io.tracejob.agent.tracefs;

/**
 * tracefs is not mounted where the agent looks: a fact about the node (or the agent's mounts), not
 * bad input — only the Tracepoint family needs it; uprobes and USDT attach without it.
 */
public final class TracefsMissingException extends TracefsException {
    public TracefsMissingException(String message) {
        super(message);
    }
}
