package io.tracejob.agent.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a bpftrace run ends: by its duration, by the agent's stop (SIGTERM), or with the target;
 * bpftrace never outlives it.
 */
class BpftraceRunnerTest {
    @TempDir static Path dir;
    static Path busy;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        Kernel.requireCommand("bpftrace");
        busy = Gcc.compile("trace_busy.c", dir, "busy", "-no-pie");
    }

    static BpftraceProgram work(int pid, Duration d) {
        return BpftraceProgram.render(
                ProbeFamily.Uprobe, busy.toString(), "work", pid, HdrLayout.latency(2), d);
    }

    static boolean bpftraceChildAlive() {
        return ProcessHandle.current()
                .descendants()
                .anyMatch(h -> h.info().command().map(c -> c.endsWith("bpftrace")).orElse(false));
    }

    @Test
    void durationEndsTheRunAsCompleted() throws Exception {
        try (TargetProcess t = TargetProcess.start(busy, dir.resolve("d.txt").toString());
                BpftraceHarness h = BpftraceHarness.start(work(t.pid(), Duration.ofSeconds(5)))) {
            // 5 s from bpftrace's attach: room for noticing it, finding the breakpoint and 2000
            // calls on a loaded node
            t.expect("ready");
            h.awaitAttached();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Memory.breakpointIn(t.pid(), busy, "work"));
            t.send("run 2000");
            t.expect("done");
            Result r = h.get();
            assertThat(r.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(r.getMessage()).isEqualTo("duration reached");
            assertThat(r.getCount()).isEqualTo(2000);
            assertThat(r.getAttachPoint()).isEqualTo("uprobe:\"" + busy + "\":work");
            assertThat(r.getOverhead().getFiringsPerSecond()).isPositive();
            assertThat(bpftraceChildAlive()).isFalse();
        }
    }

    @Test
    void stopMidWorkloadStillYieldsThePartialResult() throws Exception {
        Path truth = dir.resolve("s.txt");
        try (TargetProcess t = TargetProcess.start(busy, truth.toString());
                BpftraceHarness h = BpftraceHarness.start(work(t.pid(), null))) {
            t.expect("ready");
            h.awaitAttached();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Memory.breakpointIn(t.pid(), busy, "work"));
            t.send("run 400000"); // ~12 s of calls: the stop lands in the middle
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(truth) && Files.size(truth) > 0);
            Result r = h.stopAndGet();
            assertThat(bpftraceChildAlive()).isFalse();
            assertThat(r.getStopReason()).isEqualTo(StopReason.Signalled);
            assertThat(r.getMessage()).isEqualTo("stopped by SIGTERM");
            assertThat(r.getCount()).isPositive().isLessThan(400000);
            assertThat(r.decodeHistogram().getTotalCount()).isEqualTo(r.getCount());
            assertThat(r.getPercentiles().getP50()).isPositive();
            assertThat(r.getInFlight().getCount()).isBetween(0L, 1L);
        }
    }

    @Test
    void targetExitEndsTheRunWithEveryCallCounted() throws Exception {
        try (TargetProcess t = TargetProcess.start(busy, dir.resolve("e.txt").toString());
                BpftraceHarness h = BpftraceHarness.start(work(t.pid(), null))) {
            t.expect("ready");
            h.awaitAttached();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Memory.breakpointIn(t.pid(), busy, "work"));
            t.send("run 1500");
            t.expect("done");
            t.send("exit");
            Result r = h.get();
            assertThat(r.getStopReason()).isEqualTo(StopReason.TargetExited);
            assertThat(r.getCount()).isEqualTo(1500);
            assertThat(bpftraceChildAlive()).isFalse();
        }
    }
}
