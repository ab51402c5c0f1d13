package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.Nm;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TracerHarness;
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

/** The engine against a target whose per-call durations it times itself. */
class TracerLatencyTest {
    @TempDir static Path dir;
    static Path busy;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        busy = Gcc.compile("trace_busy.c", dir, "busy", "-no-pie");
    }

    /** Per-call truth from the target: inside the body and around the call. */
    record Truth(Histogram inside, Histogram around, long calls) {
        static Truth read(Path file) throws Exception {
            Histogram in = new Histogram(1, 3_600_000_000_000L, 2),
                    ar = new Histogram(1, 3_600_000_000_000L, 2);
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                String[] f = l.split(" ");
                in.recordValue(Long.parseLong(f[0]));
                ar.recordValue(Long.parseLong(f[1]));
            }
            return new Truth(in, ar, lines.size());
        }
    }

    @Test
    void percentilesLieInTheTruthBracketAndEveryCallIsCounted() throws Exception {
        Path truthFile = dir.resolve("truth-1.txt");
        try (TargetProcess t = TargetProcess.start(busy, truthFile.toString());
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(busy, "work"), t.pid(), Duration.ofMinutes(5))) {
            t.expect("ready");
            h.awaitAttached();
            t.send("run 20000");
            t.expect("done");
            Result r = h.stopAndGet();
            Truth truth = Truth.read(truthFile);

            assertThat(r.getStopReason()).isEqualTo(StopReason.Signalled);
            assertThat(r.getCount()).isEqualTo(truth.calls()).isEqualTo(20000);
            assertThat(r.getInFlight().getCount()).isZero();
            Histogram measured = r.decodeHistogram();
            assertThat(measured.getTotalCount()).isEqualTo(20000);
            // Per call inside <= measured <= around, and bucketing is monotonic, so each percentile
            // of the
            // measured histogram lies between the same percentile of the two truth histograms,
            // exactly.
            for (double pct : new double[] {50, 90, 99, 99.9}) {
                long m = measured.getValueAtPercentile(pct);
                assertThat(m)
                        .as("p%s", pct)
                        .isBetween(
                                truth.inside().getValueAtPercentile(pct),
                                truth.around().getValueAtPercentile(pct));
            }
            assertThat(r.getPercentiles().getP50()).isEqualTo(measured.getValueAtPercentile(50));
            assertThat(r.getPercentiles().getP99()).isEqualTo(measured.getValueAtPercentile(99));
            assertThat(r.getOverhead().getFirings()).isEqualTo(40000); // entry + return per call
            assertThat(r.getProcessesTraced()).isEqualTo(1);
            assertThat(h.output()).contains("calls");
        }
    }

    @Test
    void anotherProcessOfTheSameBinaryIsNeitherRewrittenNorCounted() throws Exception {
        long work = Nm.address(busy, "work");
        try (TargetProcess traced =
                        TargetProcess.start(busy, dir.resolve("truth-a.txt").toString());
                TargetProcess other =
                        TargetProcess.start(busy, dir.resolve("truth-b.txt").toString())) {
            traced.expect("ready");
            other.expect("ready");
            int[] original = codeAt(other.pid(), work);
            try (TracerHarness h =
                    TracerHarness.start(
                            Probes.uprobe(busy, "work"), traced.pid(), Duration.ofMinutes(5))) {
                h.awaitAttached();
                // the traced process carries a breakpoint in the function's first instructions...
                assertThat(codeAt(traced.pid(), work)).contains(0xcc);
                other.send("run 3000");
                traced.send("run 1000");
                other.expect("done");
                traced.expect("done");
                // ...the other process's code is byte for byte what it was
                assertThat(codeAt(other.pid(), work)).containsExactly(original);
                Result r = h.stopAndGet();
                assertThat(r.getCount()).isEqualTo(1000);
            }
        }
    }

    /** The first eight code bytes of the function as the process sees them now. */
    static int[] codeAt(int pid, long address) throws Exception {
        int[] b = new int[8];
        for (int i = 0; i < b.length; i++) b[i] = Memory.byteAt(pid, address + i);
        return b;
    }

    @Test
    void aChildForkedAfterAttachIsTraced() throws Exception {
        Path truthFile = dir.resolve("truth-fork.txt");
        try (TargetProcess t = TargetProcess.start(busy, truthFile.toString());
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(busy, "work"), t.pid(), Duration.ofMinutes(5))) {
            t.expect("ready");
            h.awaitAttached();
            t.send("fork 500");
            int child = Integer.parseInt(t.expect("child").split(" ")[1]);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> h.output().contains("+ tracing process " + child + " "));
            t.send("go");
            t.expect("done");
            Result r = h.stopAndGet();
            // only the child made calls: every one of them was measured in a process attached after
            // its fork
            assertThat(r.getCount()).isEqualTo(500);
            assertThat(r.getProcessesTraced()).isEqualTo(2);
        }
    }
}
