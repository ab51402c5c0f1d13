package io.tracejob.agent.perf;

import java.io.IOException;

/**
 * The uprobe PMU's type and config bit positions, read once from sysfs (they cannot change while
 * booted).
 */
record UprobePmu(int type, int retprobeShift, int refCtrShift) {
    private static volatile UprobePmu cached;

    static UprobePmu get() throws IOException {
        UprobePmu p = cached;
        if (p == null) {
            p =
                    new UprobePmu(
                            PmuFormat.type("uprobe"),
                            PmuFormat.configShift("uprobe", "retprobe"),
                            PmuFormat.configShift("uprobe", "ref_ctr_offset"));
            cached = p;
        }
        return p;
    }
}
