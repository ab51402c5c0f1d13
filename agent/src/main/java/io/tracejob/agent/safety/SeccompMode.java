package io.tracejob.agent.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's seccomp mode, as the {@code Seccomp:} line of {@code /proc/PID/status} states it.
 * Container runtimes put every container process in {@link #FILTER} mode (their default profile)
 * unless the pod says Unconfined.
 */
public enum SeccompMode {
    /** no seccomp: every system call reaches the kernel */
    DISABLED,
    /** SECCOMP_MODE_STRICT: only read, write, exit and sigreturn */
    STRICT,
    /** SECCOMP_MODE_FILTER: a BPF filter decides each system call */
    FILTER,
    /** the process is gone, or its status has no Seccomp line (a kernel without CONFIG_SECCOMP) */
    UNKNOWN;

    /** {@code /proc/PID/status} is readable by anyone, so this needs no capability. */
    public static SeccompMode of(int pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Integer.toString(pid), "status")));
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    static SeccompMode parse(String status) {
        for (String line : status.split("\n")) {
            if (!line.startsWith("Seccomp:")) continue;
            return switch (line.substring("Seccomp:".length()).trim()) {
                case "0" -> DISABLED;
                case "1" -> STRICT;
                case "2" -> FILTER;
                default -> UNKNOWN;
            };
        }
        return UNKNOWN;
    }

    /** The line as the kernel writes it, for messages. */
    public String statusLine() {
        return this == UNKNOWN ? "no Seccomp line" : "Seccomp: " + ordinal();
    }
}
