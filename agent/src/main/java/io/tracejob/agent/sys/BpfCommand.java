package io.tracejob.agent.sys;

/** The bpf(2) commands we use, by their stable UAPI numbers (enum bpf_cmd). */
public enum BpfCommand {
    MAP_CREATE(0),
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_DELETE_ELEM(3),
    MAP_GET_NEXT_KEY(4),
    PROG_LOAD(5),
    OBJ_GET_INFO_BY_FD(15),
    RAW_TRACEPOINT_OPEN(17),
    MAP_LOOKUP_AND_DELETE_ELEM(21),
    MAP_LOOKUP_BATCH(24),
    LINK_CREATE(28),
    ENABLE_STATS(32);

    public final int code;

    BpfCommand(int code) {
        this.code = code;
    }

    /** As the kernel headers spell it, for messages. */
    public String uapiName() {
        return "BPF_" + name();
    }
}
