package io.tracejob.agent.probe;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Families the native engine does not attach itself. It refuses them with the node's actual reason
 * and the next rung of the escalation ladder, instead of failing late inside the kernel.
 */
final class KernelFamilies {
    private KernelFamilies() {}

    static UnsupportedProbeException refuse(String family) {
        String node = hostname();
        if ("Kprobe".equals(family)) {
            boolean present = Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"))
                    || Files.exists(Path.of("/sys/kernel/debug/tracing/kprobe_events"));
            String why = present
                    ? "the native engine attaches uprobes, USDT and tracepoints only; kprobes run through bpftrace"
                    : "kprobes are not available on node " + node + " (no kprobe_events in tracefs: the kernel is built without CONFIG_KPROBES)";
            return new UnsupportedProbeException("spec.probe.family: " + why
                    + "; trace the same boundary with a tracepoint (probe.family: Tracepoint) or USDT instead");
        }
        boolean btf = Files.exists(Path.of("/sys/kernel/btf/vmlinux"));
        String why = btf
                ? "kfunc/fentry programs are not attached by the native engine on node " + node
                        + " (fentry loads are refused here with EPERM)"
                : "kfunc needs kernel BTF, and node " + node + " has no /sys/kernel/btf/vmlinux";
        return new UnsupportedProbeException("spec.probe.family: " + why
                + "; trace the same boundary with a tracepoint (probe.family: Tracepoint) or USDT instead");
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (Exception e) {
            return "(unknown)";
        }
    }
}
