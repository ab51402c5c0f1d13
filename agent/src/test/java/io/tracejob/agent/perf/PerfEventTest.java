package io.tracejob.agent.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.BpfStats;
import io.tracejob.agent.bpf.CountArray;
import io.tracejob.agent.bpf.FdCount;
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
    @TempDir Path dir;

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
                CountArray counts = CountArray.create("counts", 2);
                BpfProgram scoped =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "scoped",
                                CountingPrograms.count(counts.fd(), 0),
                                "GPL");
                BpfProgram global =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "global",
                                CountingPrograms.count(counts.fd(), 1),
                                "GPL");
                PerfEvent pidEvent = PerfEvent.uprobe(bin, offset, false, traced.pid, 0);
                PerfEvent allEvent = PerfEvent.uprobe(bin, offset, false, -1, 0)) {
            pidEvent.attach(scoped);
            allEvent.attach(global);
            traced.go();
            other.go();
            traced.awaitDone();
            other.awaitDone();
            assertThat(counts.read())
                    .as("pid-scoped, then system-wide")
                    .containsExactly(300L, 800L);
        }
    }

    @Test
    void statsAdvanceByOneRunPerCallWhileEnabled() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long calls = 2000;
        try (Target t = new Target(bin, calls);
                CountArray counts = CountArray.create("counts", 1);
                BpfProgram prog =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "counted",
                                CountingPrograms.count(counts.fd(), 0),
                                "GPL");
                PerfEvent entry =
                        PerfEvent.uprobe(
                                bin,
                                SymbolOffsets.fileOffset(bin, "kernel_target"),
                                false,
                                t.pid,
                                0);
                BpfStats stats = BpfStats.enable()) {
            entry.attach(prog);
            ProgramStats before = prog.stats();
            t.go();
            t.awaitDone();
            ProgramStats delta = prog.stats().minus(before);
            assertThat(delta.runCount()).isEqualTo(calls);
            assertThat(delta.runTimeNanos()).isPositive();
            System.out.printf(
                    "uprobe counting program: %.0f ns per run (run_time_ns / run_cnt)%n",
                    delta.nanosPerRun());
        }
    }

    @Test
    void refCtrOffsetRaisesTheUsdtSemaphoreOfTheTracedProcessOnly() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        long semaphore = SymbolOffsets.fileOffset(bin, "tracejob_tick_semaphore", "OBJECT");
        try (Target traced = new Target(bin, 40);
                Target other = new Target(bin, 30);
                CountArray counts = CountArray.create("counts", 1);
                BpfProgram prog =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "sem",
                                CountingPrograms.count(counts.fd(), 0),
                                "GPL");
                PerfEvent event = PerfEvent.uprobe(bin, offset, false, traced.pid, semaphore)) {
            event.attach(prog);
            traced.go();
            other.go();
            assertThat(traced.awaitDone())
                    .as("iterations that saw the semaphore raised, traced process")
                    .isEqualTo(40);
            assertThat(other.awaitDone()).as("same, untraced process").isZero();
            assertThat(counts.read()).containsExactly(40L);
        }
    }

    @Test
    void tracepointProgramSeesTheTargetsSyscallsFilteredByTgid() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long calls = 700;
        int id = PerfEvent.tracepointId("syscalls", "sys_enter_getppid");
        try (Target t = new Target(bin, calls);
                CountArray counts = CountArray.create("counts", 1);
                BpfProgram prog =
                        BpfProgram.load(
                                ProgramType.TRACEPOINT,
                                "getppid",
                                CountingPrograms.countFor(counts.fd(), 0, t.pid),
                                "GPL");
                PerfEvent event = PerfEvent.tracepoint(id)) {
            event.attach(prog);
            t.go();
            t.awaitDone();
            assertThat(counts.read()).containsExactly(calls);
        }
    }

    @Test
    void failuresNameTheProbeAndTheCause() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        assertThatThrownBy(() -> PerfEvent.uprobe(dir.resolve("missing"), offset, false, -1, 0))
                .isInstanceOfSatisfying(
                        SyscallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"))
                .hasMessageContaining("no such file");
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        assertThatThrownBy(() -> PerfEvent.uprobe(bin, offset, false, (int) exited.pid(), 0))
                .isInstanceOfSatisfying(
                        SyscallException.class, e -> assertThat(e.errnoName()).isEqualTo("ESRCH"))
                .hasMessageContaining("no such process " + exited.pid());
        try (CountArray counts = CountArray.create("counts", 1);
                BpfProgram tp =
                        BpfProgram.load(
                                ProgramType.TRACEPOINT,
                                "tp",
                                CountingPrograms.count(counts.fd(), 0),
                                "GPL");
                PerfEvent e = PerfEvent.uprobe(bin, offset, false, -1, 0)) {
            assertThatThrownBy(() -> e.attach(tp))
                    .isInstanceOf(SyscallException.class)
                    .hasMessageContaining("PERF_EVENT_IOC_SET_BPF")
                    .hasMessageContaining("uprobes need KPROBE");
        }
        assertThatThrownBy(() -> PerfEvent.tracepointId("syscalls", "no_such_tracepoint"))
                .hasMessageContaining("no tracepoint syscalls:no_such_tracepoint");
    }

    /**
     * Every fd is gone after close(); prints open+attach and close cost of an entry+return pair.
     */
    @Test
    void closeReleasesEveryFdAndReportsPairTimings() throws Exception {
        Kernel.requireEbpf();
        Path bin = target();
        long offset = SymbolOffsets.fileOffset(bin, "kernel_target");
        try (Target t = new Target(bin, 1)) {
            pair(bin, offset, t.pid, null); // warm-up: classes, native libraries
            long before = FdCount.now();
            int rounds = 7;
            String[] phases = {
                "open entry",
                "open return",
                "attach both",
                "close both",
                "re-open pair",
                "close pair on 2 threads"
            };
            long[][] times = new long[phases.length][rounds];
            for (int i = 0; i < rounds; i++) {
                long[] one = new long[phases.length];
                pair(bin, offset, t.pid, one);
                for (int p = 0; p < phases.length; p++) times[p][i] = one[p];
            }
            assertThat(FdCount.now()).isEqualTo(before);
            StringBuilder report =
                    new StringBuilder(
                            "uprobe entry+return pair, median (min-max) of " + rounds + ":");
            for (int p = 0; p < phases.length; p++) {
                Arrays.sort(times[p]);
                report.append(
                        String.format(
                                " %s %.2f ms (%.2f-%.2f);",
                                phases[p],
                                times[p][rounds / 2] / 1e6,
                                times[p][0] / 1e6,
                                times[p][rounds - 1] / 1e6));
            }
            System.out.println(report);
        }
    }

    private static void pair(Path bin, long offset, int pid, long[] times) throws Exception {
        try (CountArray counts = CountArray.create("counts", 2);
                BpfProgram a =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "a",
                                CountingPrograms.count(counts.fd(), 0),
                                "GPL");
                BpfProgram b =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                "b",
                                CountingPrograms.count(counts.fd(), 1),
                                "GPL")) {
            long t0 = System.nanoTime();
            PerfEvent entry = PerfEvent.uprobe(bin, offset, false, pid, 0);
            long t1 = System.nanoTime();
            PerfEvent ret = PerfEvent.uprobe(bin, offset, true, pid, 0);
            long t2 = System.nanoTime();
            entry.attach(a);
            ret.attach(b);
            long t3 = System.nanoTime();
            entry.close();
            ret.close();
            long t4 = System.nanoTime();
            PerfEvent entry2 = PerfEvent.uprobe(bin, offset, false, pid, 0);
            PerfEvent ret2 = PerfEvent.uprobe(bin, offset, true, pid, 0);
            entry2.attach(a);
            ret2.attach(b);
            long t5 = System.nanoTime();
            Thread other = new Thread(ret2::close);
            other.start();
            entry2.close();
            other.join();
            long t6 = System.nanoTime();
            if (times != null) {
                times[4] = t5 - t4;
                times[5] = t6 - t5;
                times[0] = t1 - t0;
                times[1] = t2 - t1;
                times[2] = t3 - t2;
                times[3] = t4 - t3;
            }
        }
    }
}
