package io.tracejob.agent.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.bpf.BpfMap;
import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.BpfStats;
import io.tracejob.agent.bpf.FdCount;
import io.tracejob.agent.bpf.MapType;
import io.tracejob.agent.bpf.ProgramStats;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfEventTest {
    @TempDir
    Path dir;

    private Path target() throws Exception {
        return Gcc.compile("kernel_calls.c", dir, "kernel_calls", "-no-pie");
    }

    @Test
    void pidScopedUprobeIgnoresASecondProcessOfTheSameBinary() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        try (Target traced = new Target(bin, 300);
             Target other = new Target(bin, 500);
             BpfMap counts = BpfMap.create(MapType.ARRAY, "counts", 4, 8, 2, 0);
             BpfProgram scoped = BpfProgram.load(ProgramType.KPROBE, "scoped", CountingPrograms.count(counts.fd(), 0), "GPL");
             BpfProgram global = BpfProgram.load(ProgramType.KPROBE, "global", CountingPrograms.count(counts.fd(), 1), "GPL");
             PerfEvent pidEvent = PerfEvent.uprobe(bin, offset, false, traced.pid, 0);
             PerfEvent allEvent = PerfEvent.uprobe(bin, offset, false, -1, 0)) {
            pidEvent.attach(scoped);
            allEvent.attach(global);
            traced.go();
            other.go();
            traced.awaitDone();
            other.awaitDone();
            assertThat(counts.readArrayLongs()).as("pid-scoped, then system-wide").containsExactly(300L, 800L);
        }
    }

    @Test
    void statsAdvanceByOneRunPerCallWhileEnabled() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long calls = 2000;
        try (Target t = new Target(bin, calls);
             BpfMap counts = BpfMap.create(MapType.ARRAY, "counts", 4, 8, 1, 0);
             BpfProgram prog = BpfProgram.load(ProgramType.KPROBE, "counted", CountingPrograms.count(counts.fd(), 0), "GPL");
             PerfEvent entry = PerfEvent.uprobe(bin, SymbolOffsets.fileOffset(bin, "kernel_target"), false, t.pid, 0);
             BpfStats stats = BpfStats.enable()) {
            entry.attach(prog);
            ProgramStats before = prog.stats();
            t.go();
            t.awaitDone();
            ProgramStats delta = prog.stats().minus(before);
            assertThat(delta.runCount()).isEqualTo(calls);
            assertThat(delta.runTimeNanos()).isPositive();
            System.out.printf("uprobe counting program: %.0f ns per run (run_time_ns / run_cnt)%n", delta.nanosPerRun());
        }
    }

    @Test
    void tracepointProgramSeesTheTargetsSyscallsFilteredByTgid() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long calls = 700;
        int id = PerfEvent.tracepointId("syscalls", "sys_enter_getppid");
        try (Target t = new Target(bin, calls);
             BpfMap counts = BpfMap.create(MapType.ARRAY, "counts", 4, 8, 1, 0);
             BpfProgram prog = BpfProgram.load(ProgramType.TRACEPOINT, "getppid", CountingPrograms.countFor(counts.fd(), 0, t.pid), "GPL");
             PerfEvent event = PerfEvent.tracepoint(id)) {
            event.attach(prog);
            t.go();
            t.awaitDone();
            assertThat(counts.readArrayLongs()).containsExactly(calls);
        }
    }

    @Test
    void failuresNameTheProbeAndTheCause() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        assertThatThrownBy(() -> PerfEvent.uprobe(dir.resolve("missing"), offset, false, -1, 0))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"))
                .hasMessageContaining("no such file");
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        assertThatThrownBy(() -> PerfEvent.uprobe(bin, offset, false, (int) exited.pid(), 0))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errnoName()).isEqualTo("ESRCH"))
                .hasMessageContaining("no such process " + exited.pid());
        try (BpfMap counts = BpfMap.create(MapType.ARRAY, "counts", 4, 8, 1, 0);
             BpfProgram tp = BpfProgram.load(ProgramType.TRACEPOINT, "tp", CountingPrograms.count(counts.fd(), 0), "GPL");
             PerfEvent e = PerfEvent.uprobe(bin, offset, false, -1, 0)) {
            assertThatThrownBy(() -> e.attach(tp))
                    .isInstanceOf(SyscallException.class)
                    .hasMessageContaining("PERF_EVENT_IOC_SET_BPF")
                    .hasMessageContaining("uprobes need KPROBE");
        }
        assertThatThrownBy(() -> PerfEvent.tracepointId("syscalls", "no_such_tracepoint"))
                .hasMessageContaining("no tracepoint syscalls:no_such_tracepoint");
    }

    /** Every fd is gone after close(); prints open+attach and close cost of an entry+return pair. */
    @Test
    void closeReleasesEveryFdAndReportsPairTimings() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        try (Target t = new Target(bin, 1)) {
            pair(bin, offset, t.pid, null); // warm-up: classes, native libraries
            long before = FdCount.now();
            int rounds = 5;
            long[] open = new long[rounds], close = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long[] times = new long[2];
                pair(bin, offset, t.pid, times);
                open[i] = times[0];
                close[i] = times[1];
            }
            assertThat(FdCount.now()).isEqualTo(before);
            Arrays.sort(open);
            Arrays.sort(close);
            System.out.printf("uprobe entry+return pair: open+attach median %.2f ms (min %.2f, max %.2f); close median %.1f ms (min %.1f, max %.1f)%n",
                    open[rounds / 2] / 1e6, open[0] / 1e6, open[rounds - 1] / 1e6, close[rounds / 2] / 1e6, close[0] / 1e6, close[rounds - 1] / 1e6);
        }
    }

    private static void pair(Path bin, long offset, int pid, long[] times) throws Exception {
        try (BpfMap counts = BpfMap.create(MapType.ARRAY, "counts", 4, 8, 2, 0);
             BpfProgram a = BpfProgram.load(ProgramType.KPROBE, "a", CountingPrograms.count(counts.fd(), 0), "GPL");
             BpfProgram b = BpfProgram.load(ProgramType.KPROBE, "b", CountingPrograms.count(counts.fd(), 1), "GPL")) {
            long s = System.nanoTime();
            PerfEvent entry = PerfEvent.uprobe(bin, offset, false, pid, 0);
            PerfEvent ret = PerfEvent.uprobe(bin, offset, true, pid, 0);
            entry.attach(a);
            ret.attach(b);
            long opened = System.nanoTime();
            entry.close();
            ret.close();
            long closed = System.nanoTime();
            if (times != null) {
                times[0] = opened - s;
                times[1] = closed - opened;
            }
        }
    }
}
