package io.tracejob.agent.trace;

import java.util.Locale;

/**
 * What one firing costs the target beyond the BPF program itself: the trap into the kernel and back.
 * Defaults are the figures measured on this project's reference node (kernel 6.18, 2 vCPU VM; see
 * docs/benchmarks.md), halved from the entry + return pair they were measured as. Per-node calibration
 * replaces them when available.
 */
public final class TrapCosts {
    private TrapCosts() {}

    public static long nanosPerFiring(String attachClass) {
        String c = attachClass == null ? "" : attachClass.toUpperCase(Locale.ROOT);
        if (c.contains("TRACEPOINT")) return 10;
        if (c.contains("SINGLE")) return 11_250; // endbr64 at entry: 22.5 µs per pair
        if (c.contains("NOP5") && !c.contains("AVOID")) return 1_550; // trampoline: 3.1 µs per pair
        return 3_650; // int3, emulated instruction (incl. endbr64 skipped): 7.3 µs per pair; USDT sites are int3 on a nop
    }
}
