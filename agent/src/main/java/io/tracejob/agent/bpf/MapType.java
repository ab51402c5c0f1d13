package io.tracejob.agent.bpf;

/** BPF map types by their stable UAPI numbers (enum bpf_map_type). */
public enum MapType {
    HASH(1),
    ARRAY(2),
    PROG_ARRAY(3),
    PERF_EVENT_ARRAY(4),
    PERCPU_HASH(5),
    PERCPU_ARRAY(6),
    STACK_TRACE(7),
    LRU_HASH(9),
    LRU_PERCPU_HASH(10),
    QUEUE(22),
    STACK(23),
    RINGBUF(27);

    public final int code;

    MapType(int code) {
        this.code = code;
    }

    /**
     * Per-CPU maps exchange one value slot (rounded up to 8 bytes) per possible CPU with user
     * space.
     */
    public boolean perCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH;
    }

    /** Queue and stack maps have no key: push/peek/pop only. */
    public boolean keyless() {
        return this == QUEUE || this == STACK;
    }

    public boolean array() {
        return this == ARRAY || this == PERCPU_ARRAY;
    }
}
