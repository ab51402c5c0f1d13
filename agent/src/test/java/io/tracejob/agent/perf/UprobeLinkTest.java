package io.tracejob.agent.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.CountArray;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.UprobeMultiLink;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uprobe_multi links, the way uprobes go in without CAP_SYS_ADMIN: entry and return see every call
 * of the one process named, and the breakpoint is put into that process only — not into another
 * process of the same binary.
 */
class UprobeLinkTest {
    @TempDir Path dir;

    @Test
    void entryAndReturnLinksCountEveryCallOfTheNamedProcessOnly() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("kernel_calls.c", dir, "kernel_calls", "-fPIE", "-pie");
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        long calls = 1234;
        try (Target traced = new Target(bin, calls);
                Target other = new Target(bin, calls);
                CountArray counts = CountArray.create("counts", 2);
                BpfProgram prog =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                UprobeMultiLink.ATTACH_TYPE,
                                "count_entry",
                                CountingPrograms.count(counts.fd(), 0),
                                "GPL");
                BpfProgram retProg =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                UprobeMultiLink.ATTACH_TYPE,
                                "count_return",
                                CountingPrograms.count(counts.fd(), 1),
                                "GPL")) {
            try (UprobeMultiLink entry =
                            UprobeMultiLink.attach(
                                    prog, bin, List.of(offset), List.of(0L), false, traced.pid);
                    UprobeMultiLink ret =
                            UprobeMultiLink.attach(
                                    retProg, bin, List.of(offset), List.of(0L), true, traced.pid)) {
                assertThat(Memory.breakpointIn(traced.pid, bin, "kernel_target")).isTrue();
                assertThat(Memory.breakpointIn(other.pid, bin, "kernel_target"))
                        .as("a process the link does not name")
                        .isFalse();
                other.go();
                other.awaitDone();
                traced.go();
                traced.awaitDone();
                assertThat(counts.read()).containsExactly(calls, calls);
            }
        }
    }
}
