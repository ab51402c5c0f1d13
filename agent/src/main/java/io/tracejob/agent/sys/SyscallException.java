package io.tracejob.agent.sys;

import java.io.IOException;

/**
 * A failed system call, carrying the errno so callers can branch on it. The message names the call
 * and the errno with its meaning, plus a hint on the usual cause when there is one, e.g. {@code
 * bpf(BPF_PROG_LOAD) failed: EPERM (operation not permitted) — needs CAP_BPF + CAP_PERFMON}.
 */
public class SyscallException extends IOException {
    private final String operation;
    private final int errno;

    public SyscallException(String operation, int errno, String hint) {
        super(format(operation, errno, hint));
        this.operation = operation;
        this.errno = errno;
    }

    static String format(String operation, int errno, String hint) {
        String base =
                operation + " failed: " + Errno.name(errno) + " (" + Errno.meaning(errno) + ")";
        return hint == null || hint.isBlank() ? base : base + " — " + hint;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    /** The call as named in the message, e.g. {@code bpf(BPF_MAP_CREATE)}. */
    public String operation() {
        return operation;
    }
}
