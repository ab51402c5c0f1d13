package io.tracejob.agent.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The number of possible CPUs: the slot count of every per-CPU map value the kernel hands to user
 * space.
 */
public final class PossibleCpus {
    private static final Path LIST = Path.of("/sys/devices/system/cpu/possible");
    private static volatile int count;

    private PossibleCpus() {}

    /**
     * Counted once from {@code /sys/devices/system/cpu/possible} (CPUs that may ever come online,
     * not just online ones).
     */
    public static int count() {
        int n = count;
        if (n == 0) {
            try {
                n = parse(Files.readString(LIST));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read " + LIST + " (needed to size per-CPU map values)", e);
            }
            count = n;
        }
        return n;
    }

    /** Counts CPUs in a kernel cpu list such as {@code 0-3,5,7-8}. */
    static int parse(String list) {
        int total = 0;
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) continue;
            int dash = part.indexOf('-');
            if (dash < 0) {
                Integer.parseInt(part);
                total++;
            } else {
                int from = Integer.parseInt(part.substring(0, dash)),
                        to = Integer.parseInt(part.substring(dash + 1));
                if (to < from)
                    throw new IllegalArgumentException(
                            "bad cpu range '" + part + "' in cpu list '" + list.trim() + "'");
                total += to - from + 1;
            }
        }
        if (total == 0) throw new IllegalArgumentException("empty cpu list '" + list.trim() + "'");
        return total;
    }
}
