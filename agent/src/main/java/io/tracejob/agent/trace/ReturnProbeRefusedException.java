package io.tracejob.agent.trace;

import java.io.IOException;

/**
 * A return probe was not attached to a process because it could kill it (the {@link
 * ReturnProbeGate} said no). An IOException so the attach paths that meet a process after the trace
 * started handle it like any failed attach.
 */
public final class ReturnProbeRefusedException extends IOException {
    public ReturnProbeRefusedException(String message) {
        super(message);
    }
}
