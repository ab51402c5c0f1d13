package io.tracejob.agent.bpf.asm;

/** The kernel helper functions our programs call, by their stable UAPI numbers. */
public enum Helper {
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_DELETE_ELEM(3),
    KTIME_GET_NS(5),
    GET_SMP_PROCESSOR_ID(8),
    GET_CURRENT_PID_TGID(14),
    PROBE_READ_USER(112),
    PROBE_READ_KERNEL(113);

    public final int id;

    Helper(int id) {
        this.id = id;
    }
}
