package io.tracejob.agent.engine;

import io.tracejob.api.v1alpha1.ProbeFamily;

/**
 * The one place that decides which engine runs a probe family. User-space families and tracepoints
 * go through the native engine (its own programs, no toolchain on the node); kernel functions go
 * through bpftrace, the field's standard tool, because the native engine has no kprobe or fentry
 * attach path.
 */
public final class Engines {
    private static final Engine NATIVE = new NativeEngine();
    private static final Engine BPFTRACE = new BpftraceEngine();

    private Engines() {}

    public static Engine forFamily(ProbeFamily family) {
        return switch (family) {
            case Uprobe, Usdt, Tracepoint -> NATIVE;
            case Kprobe, Kfunc -> BPFTRACE;
        };
    }
}
