package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.proc.ProcMaps;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TracepointPair;
import io.tracejob.api.v1alpha1.UsdtProbe;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** USDT, tracepoints, shared libraries, endbr64 and target exit, each on the real kernel. */
class TracerFamiliesTest {
    @TempDir static Path dir;
    static Path busy, usdt, cet;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        busy = Gcc.compile("trace_busy.c", dir, "busy");
        cet = Gcc.compile("trace_busy.c", dir, "busy-cet", "-fcf-protection=full");
        usdt = Gcc.compile("trace_usdt.c", dir, "usdt");
    }

    @Test
    void usdtPairWithSemaphoreFiresOnlyWhileAttached() throws Exception {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Usdt);
        p.setBinary(usdt.toString());
        UsdtProbe u = new UsdtProbe();
        u.setProvider("tj");
        u.setStart("req__start");
        u.setEnd("req__done");
        p.setUsdt(u);
        try (TargetProcess t = TargetProcess.start(usdt)) {
            t.expect("ready");
            t.send("sem");
            assertThat(t.expect("sem")).isEqualTo("sem 0");
            t.send("run 200");
            assertThat(t.expect("done")).isEqualTo("done 200 guarded=0");
            Result r;
            try (TracerHarness h = TracerHarness.start(p, t.pid(), Duration.ofMinutes(5))) {
                h.awaitAttached();
                t.send("sem");
                assertThat(t.expect("sem")).isNotEqualTo("sem 0");
                t.send("run 1000");
                assertThat(t.expect("done")).isEqualTo("done 1000 guarded=1000");
                r = h.stopAndGet();
            }
            assertThat(r.getCount()).isEqualTo(1000);
            assertThat(r.getPercentiles().getP50()).isGreaterThanOrEqualTo(20_000);
            assertThat(r.getAttachPoint()).contains("semaphore-guarded");
            // detached: the kernel lowered the semaphore again, so the guarded probes are skipped
            t.send("sem");
            assertThat(t.expect("sem")).isEqualTo("sem 0");
            t.send("run 100");
            assertThat(t.expect("done")).isEqualTo("done 100 guarded=0");
        }
    }

    @Test
    void syscallTracepointPairIsFilteredToTheTarget() throws Exception {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Tracepoint);
        TracepointPair tp = new TracepointPair();
        tp.setStart("syscalls:sys_enter_clock_nanosleep");
        tp.setEnd("syscalls:sys_exit_clock_nanosleep");
        p.setTracepoint(tp);
        p.setMeasure(Measure.Latency);
        try (TargetProcess t = TargetProcess.start(busy, dir.resolve("tp.txt").toString());
                TracerHarness h = TracerHarness.start(p, t.pid(), Duration.ofMinutes(5))) {
            t.expect("ready");
            h.awaitAttached();
            t.send("sleep 300");
            t.expect("done");
            Result r = h.stopAndGet();
            // the JVM running this test sleeps through the same syscall all the time: none of it
            // counts
            assertThat(r.getCount()).isEqualTo(300);
            assertThat(r.getMinNanos()).isGreaterThanOrEqualTo(200_000);
            assertThat(r.getOverhead().getAttachClass()).isEqualTo("Tracepoint");
        }
    }

    @Test
    void sharedLibraryFunctionIsTracedInTheTargetOnly() throws Exception {
        try (TargetProcess t = TargetProcess.start(busy, dir.resolve("lib.txt").toString())) {
            t.expect("ready");
            Path libc = ProcMaps.findLibrary(t.pid(), "libc.so.6").orElseThrow();
            Probe p = new Probe();
            p.setFamily(ProbeFamily.Uprobe);
            p.setBinary(libc.toString());
            p.setFunction("clock_nanosleep");
            p.setMeasure(Measure.Latency);
            try (TracerHarness h = TracerHarness.start(p, t.pid(), Duration.ofMinutes(5))) {
                h.awaitAttached();
                t.send("sleep 200");
                t.expect("done");
                Result r = h.stopAndGet();
                assertThat(r.getCount()).isEqualTo(200);
                assertThat(r.getMinNanos()).isGreaterThanOrEqualTo(200_000);
            }
        }
    }

    @Test
    void endbr64IsSkippedAndReported() throws Exception {
        try (TargetProcess t = TargetProcess.start(cet, dir.resolve("cet.txt").toString());
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(cet, "work"), t.pid(), Duration.ofMinutes(5))) {
            t.expect("ready");
            h.awaitAttached();
            t.send("run 2000");
            t.expect("done");
            Result r = h.stopAndGet();
            assertThat(r.getCount()).isEqualTo(2000);
            assertThat(r.getAttachPoint()).containsIgnoringCase("endbr64");
            assertThat(r.getOverhead().getAttachClass()).isNotEqualTo("INT3_SINGLE_STEP");
        }
    }

    @Test
    void targetExitEndsTheTraceWithWhatWasMeasured() throws Exception {
        try (TargetProcess t = TargetProcess.start(busy, dir.resolve("exit.txt").toString());
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(busy, "work"), t.pid(), Duration.ofMinutes(5))) {
            t.expect("ready");
            h.awaitAttached();
            t.send("run 700");
            t.expect("done");
            t.send("exit");
            Result r = h.get();
            assertThat(r.getStopReason()).isEqualTo(StopReason.TargetExited);
            assertThat(r.getCount()).isEqualTo(700);
        }
    }
}
