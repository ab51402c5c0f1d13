package io.tracejob.agent.bpf;

import io.tracejob.agent.sys.SyscallException;

/**
 * BPF_PROG_LOAD failed; {@link #log()} is the verifier's own explanation (may be empty, e.g. for
 * EPERM).
 */
public class VerifierException extends SyscallException {
    private final String log;

    public VerifierException(String operation, int errno, String hint, String log) {
        super(operation, errno, withTail(hint, log));
        this.log = log == null ? "" : log;
    }

    public String log() {
        return log;
    }

    /** The last lines of the log carry the reason; the full log can be thousands of lines. */
    private static String withTail(String hint, String log) {
        if (log == null || log.isBlank()) return hint;
        String[] lines = log.strip().split("\n");
        int from = Math.max(0, lines.length - 8);
        StringBuilder tail = new StringBuilder();
        for (int i = from; i < lines.length; i++) tail.append("\n  ").append(lines[i]);
        return (hint == null ? "verifier log tail:" : hint + "; verifier log tail:") + tail;
    }
}
