package io.tracejob.agent.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This process's effective capabilities, read from {@code /proc/self/status}, so a refusal can name
 * the capability that is actually missing rather than a guess ("needs CAP_SYS_ADMIN; this process
 * lacks it").
 */
public final class Capabilities {
    private Capabilities() {}

    /** Bit numbers from linux/capability.h. */
    private static final Map<String, Integer> BITS =
            Map.of(
                    "CAP_SYS_PTRACE", 19,
                    "CAP_SYS_ADMIN", 21,
                    "CAP_SYS_RESOURCE", 24,
                    "CAP_PERFMON", 38,
                    "CAP_BPF", 39);

    /** The effective set as a bit mask; -1 (all) when it cannot be read. */
    public static long effective() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:"))
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        } catch (IOException | NumberFormatException ignored) {
            // fall through: unknown, assume nothing is missing rather than blame the wrong
            // capability
        }
        return -1;
    }

    public static boolean has(String capability) {
        Integer bit = BITS.get(capability);
        if (bit == null) throw new IllegalArgumentException("unknown capability " + capability);
        return (effective() & (1L << bit)) != 0;
    }

    /**
     * A hint for EPERM/EACCES from a call that needs {@code needed} (e.g. {@code CAP_BPF}): which
     * of them this process lacks, or, when it has them all, that something else refused.
     */
    public static String hint(String... needed) {
        List<String> missing = new ArrayList<>();
        for (String c : needed) if (!has(c)) missing.add(c);
        String needs = "needs " + String.join(" + ", needed);
        if (!missing.isEmpty())
            return needs + "; this process lacks " + String.join(" + ", missing);
        return needs
                + ", which this process has: the refusal comes from elsewhere (kernel lockdown, an LSM, seccomp, "
                + "or kernel.unprivileged_bpf_disabled / perf_event_paranoid)";
    }
}
