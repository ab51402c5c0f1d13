package io.tracejob.agent.bpf;

/**
 * BPF program types by their stable UAPI numbers (enum bpf_prog_type). Uprobe programs are KPROBE
 * type.
 */
public enum ProgramType {
    SOCKET_FILTER(1),
    KPROBE(2),
    TRACEPOINT(5),
    PERF_EVENT(7),
    RAW_TRACEPOINT(17),
    TRACING(26);

    public final int code;

    ProgramType(int code) {
        this.code = code;
    }
}
