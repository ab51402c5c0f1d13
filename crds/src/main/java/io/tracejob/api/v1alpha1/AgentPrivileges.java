package io.tracejob.api.v1alpha1;

import java.util.List;

/**
 * The Linux capabilities an agent pod runs with, and nothing else: the one list the operator's pod
 * factory grants (after dropping ALL) and the agent's tests drop to, so a trace that works in the
 * tests works in the pod. BPF_ENABLE_STATS (CAP_SYS_ADMIN) is deliberately absent: the agent counts
 * firings in its own programs and uses the kernel's program run time only where it happens to be
 * permitted.
 */
public final class AgentPrivileges {
    private AgentPrivileges() {}

    /**
     * One capability, named as Kubernetes and the container runtime spell it (no {@code CAP_}
     * prefix).
     */
    public record Capability(String name, String why) {
        /** As the kernel and setpriv spell it: {@code CAP_BPF}. */
        public String kernelName() {
            return "CAP_" + name;
        }
    }

    public static final List<Capability> CAPABILITIES =
            List.of(
                    new Capability("BPF", "create BPF maps and load the probe programs"),
                    new Capability(
                            "PERFMON",
                            "perf_event_open for uprobes and tracepoints, and load tracing (kprobe/tracepoint) programs"),
                    new Capability(
                            "SYS_PTRACE",
                            "read /proc/<pid>/root, maps and task stats of another container's processes"),
                    new Capability(
                            "SYS_RESOURCE",
                            "raise RLIMIT_MEMLOCK on kernels that still charge BPF maps to it"));

    /** The names alone, e.g. for a securityContext's {@code capabilities.add}. */
    public static List<String> names() {
        return CAPABILITIES.stream().map(Capability::name).toList();
    }
}
