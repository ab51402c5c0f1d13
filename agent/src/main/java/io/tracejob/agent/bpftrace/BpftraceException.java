package io.tracejob.agent.bpftrace;

import java.io.IOException;

/** bpftrace could not run the program; the message carries bpftrace's own error in one line. */
public final class BpftraceException extends IOException {
    public BpftraceException(String message) {
        super(message);
    }
}
