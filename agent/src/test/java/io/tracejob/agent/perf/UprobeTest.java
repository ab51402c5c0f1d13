package io.tracejob.agent.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.CountArray;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UprobeTest {
    @TempDir Path dir;

    /**
     * Entry and return probe both see every call: fixed-address, PIE, and endbr64-prefixed (CET)
     * code.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-no-pie", "-fPIE -pie", "-fPIE -pie -fcf-protection=full"})
    void countsEveryCallOfTheProbedFunctionExactly(String flags) throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("kernel_calls.c", dir, "kernel_calls", flags.split(" "));
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        long calls = 1234;
        try (Target t = new Target(bin, calls);
                CountArray counts = CountArray.create("counts", 2);
                BpfProgram prog =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "count_entry",
                                CountingPrograms.count(counts.fd(), 0),
                                "GPL");
                BpfProgram retProg =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "count_return",
                                CountingPrograms.count(counts.fd(), 1),
                                "GPL");
                PerfEvent entry = PerfEvent.uprobe(bin, offset, false, t.pid, 0);
                PerfEvent ret = PerfEvent.uprobe(bin, offset, true, t.pid, 0)) {
            entry.attach(prog);
            ret.attach(retProg);
            t.go();
            t.awaitDone();
            assertThat(counts.read()).containsExactly(calls, calls);
        }
    }
}
