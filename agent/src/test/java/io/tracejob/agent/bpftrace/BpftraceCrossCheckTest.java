package io.tracejob.agent.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native engine and the bpftrace path measure the same workload (the same process making the
 * same 20 000 calls of work(ns), seed 42) one after the other and must agree.
 */
class BpftraceCrossCheckTest {
    static final int CALLS = 20_000;

    /**
     * Mid-points of the workload's four duration classes (5 µs 70 %, 20 µs 20 %, 100 µs 9 %, 1 ms 1
     * %).
     */
    static final double[] BRACKETED = {35, 50, 80, 95, 99.5};

    /**
     * Compared across engines: the 1 ms class is left out because the busy-wait itself stretches by
     * hundreds of µs when the VM is preempted, differently in the two runs (seen: p99.5 1.20 ms vs
     * 1.00 ms, with the bodies' own timings differing just as much).
     */
    static final double[] COMPARED = {35, 50, 80, 95};

    @TempDir static Path dir;
    static Path busy;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        Kernel.requireCommand("bpftrace");
        busy = Gcc.compile("trace_busy.c", dir, "busy", "-no-pie");
    }

    /**
     * Per-call truth from the target: inside the body and around the call (which includes the
     * probes' traps).
     */
    record Truth(Histogram inside, Histogram around, Histogram cost) {
        static Truth read(Path file) throws Exception {
            Histogram in = new Histogram(1, HdrLayout.ONE_HOUR_NANOS, 2),
                    ar = new Histogram(1, HdrLayout.ONE_HOUR_NANOS, 2);
            Histogram cost = new Histogram(1, HdrLayout.ONE_HOUR_NANOS, 2);
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                String[] f = l.split(" ");
                in.recordValue(Long.parseLong(f[0]));
                ar.recordValue(Long.parseLong(f[1]));
                cost.recordValue(Math.max(0, Long.parseLong(f[1]) - Long.parseLong(f[0])));
            }
            assertThat(lines).hasSize(CALLS);
            return new Truth(in, ar, cost);
        }
    }

    @Test
    void nativeEngineAndBpftraceAgreeOnTheSameWorkload() throws Exception {
        Path truthFile = dir.resolve("truth.txt");
        Probe probe = new Probe();
        probe.setFamily(ProbeFamily.Uprobe);
        probe.setBinary(busy.toString());
        probe.setFunction("work");
        probe.setMeasure(Measure.Latency);
        Result nat, bt;
        Truth natTruth, btTruth;
        try (TargetProcess t = TargetProcess.start(busy, truthFile.toString())) {
            t.expect("ready");
            try (TracerHarness n = TracerHarness.start(probe, t.pid(), Duration.ofMinutes(5))) {
                n.awaitAttached();
                t.send("run " + CALLS);
                t.expect("done");
                nat = n.stopAndGet();
            }
            natTruth = Truth.read(truthFile);
            try (BpftraceHarness b =
                    BpftraceHarness.start(
                            BpftraceProgram.latency(probe, t.pid(), HdrLayout.latency(2), null))) {
                b.awaitAttached();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Memory.breakpointIn(t.pid(), busy, "work"));
                t.send("run " + CALLS);
                t.expect("done");
                bt = b.stopAndGet();
            }
            btTruth = Truth.read(truthFile);
        }

        assertThat(bt.getStopReason()).isEqualTo(StopReason.Signalled);
        assertThat(bt.getCount()).isEqualTo(nat.getCount()).isEqualTo(CALLS);
        assertThat(bt.getInFlight().getCount()).isZero();
        assertThat(bt.getOverhead().getAttachClass()).isEqualTo("bpftrace:Uprobe");
        assertThat(bt.getOverhead().getFirings()).isEqualTo(2L * CALLS);
        Histogram bh = bt.decodeHistogram(), nh = nat.decodeHistogram();
        HdrLayout layout = HdrLayout.latency(2);
        for (double pct : BRACKETED) {
            // per call inside <= measured <= around, and bucketing is monotonic: exact, for either
            // engine
            assertThat(bh.getValueAtPercentile(pct))
                    .as("bpftrace p%s in its truth bracket", pct)
                    .isBetween(
                            btTruth.inside().getValueAtPercentile(pct),
                            btTruth.around().getValueAtPercentile(pct));
            assertThat(nh.getValueAtPercentile(pct))
                    .as("native p%s in its truth bracket", pct)
                    .isBetween(
                            natTruth.inside().getValueAtPercentile(pct),
                            natTruth.around().getValueAtPercentile(pct));
        }
        for (double pct : COMPARED) {
            long b = bh.getValueAtPercentile(pct), n = nh.getValueAtPercentile(pct);
            // each engine's reading beyond its own run's body time (the target's timing inside
            // the call): what the body took in each run, stretched by the VM, is taken out
            long beyond =
                    (b - btTruth.inside().getValueAtPercentile(pct))
                            - (n - natTruth.inside().getValueAtPercentile(pct));
            // one bucket of quantisation on each side, scheduling jitter, and how far the probes'
            // own cost moved between the two runs by the target's timing around the call (a
            // firing's cost moves by 2x within a minute on a shared VM: seen 6.9 vs 9.9 µs at p50)
            long bucket =
                    layout.highestValueAtIndex(layout.index(n))
                            - layout.valueAtIndex(layout.index(n))
                            + 1;
            long costMoved =
                    Math.abs(
                            btTruth.cost().getValueAtPercentile(pct)
                                    - natTruth.cost().getValueAtPercentile(pct));
            long slack = 2 * bucket + 300 + Math.round(0.02 * n) + costMoved;
            System.out.printf(
                    "p%s native %d bpftrace %d, beyond their bodies' time %d (allowed %d..%d)%n",
                    pct, n, b, beyond, -slack, BpftraceBias.UPROBE_EXTRA_NANOS_MAX + slack);
            assertThat(beyond)
                    .as("p%s: bpftrace %d vs native %d", pct, b, n)
                    .isBetween(-slack, BpftraceBias.UPROBE_EXTRA_NANOS_MAX + slack);
        }
        assertThat(bt.getPercentiles().getP50()).isEqualTo(bh.getValueAtPercentile(50));
        assertThat(bt.getPercentiles().getP99()).isEqualTo(bh.getValueAtPercentile(99));
        assertThat(bt.getMinNanos()).isEqualTo(bh.getMinValue());
        assertThat(bt.getMaxNanos()).isEqualTo(bh.getMaxValue());
        System.out.printf(
                "probe cost per call (around - inside) p50: native %d, bpftrace %d%n",
                natTruth.cost().getValueAtPercentile(50), btTruth.cost().getValueAtPercentile(50));
    }
}
