package io.tracejob.agent.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bpftrace's index code, run in the kernel on values the target passes to record(v), fills exactly
 * the counts array {@link HdrLayout#index} computes for the same values, overflow clamping
 * included.
 */
class BucketParityTest {

    @TempDir static Path dir;
    static Path values;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        Kernel.requireCommand("bpftrace");
        values = Gcc.compile("bt_values.c", dir, "btvalues");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void inKernelIndexEqualsHdrLayoutIndexForEveryValue(int digits) throws Exception {
        HdrLayout layout = HdrLayout.latency(digits);
        Path truth = dir.resolve("values-" + digits + ".txt");
        try (TargetProcess t = TargetProcess.start(values, truth.toString())) {
            t.expect("ready");
            try (BpftraceHarness h =
                    BpftraceHarness.start(
                            BpftraceProgram.argumentValues(
                                    values.toString(), "record", t.pid(), layout))) {
                h.awaitAttached();
                // bpftrace says it is attached; the kernel's breakpoint in record() is the proof (a
                // loaded machine
                // can make bpftrace's own start-up slow enough to outlast the runner's grace
                // period)
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Memory.breakpointIn(t.pid(), values, "record"));
                t.send("go");
                long n = Long.parseLong(t.expect("done").split(" ")[1]);
                Result r = h.stopAndGet();

                List<String> lines = Files.readAllLines(truth);
                assertThat(lines).hasSize((int) n);
                long[] expected = new long[layout.length()];
                long overflows = 0;
                for (String l : lines) {
                    long v = Long.parseUnsignedLong(l);
                    expected[layout.index(v)]++;
                    if (layout.overflows(v)) overflows++;
                }
                Histogram measured = r.decodeHistogram();
                long[] actual = new long[layout.length()];
                for (int i = 0; i < actual.length; i++)
                    actual[i] = measured.getCountAtValue(layout.valueAtIndex(i));
                List<String> differences = new java.util.ArrayList<>();
                for (int i = 0; i < actual.length; i++) {
                    if (actual[i] != expected[i])
                        differences.add(
                                "index "
                                        + i
                                        + ": bpftrace "
                                        + actual[i]
                                        + ", HdrLayout "
                                        + expected[i]);
                }
                assertThat(differences).as("indices whose counts differ, %s", layout).isEmpty();
                assertThat(r.getCount()).isEqualTo(n);
                String clamped = overflows + " values exceeded";
                assertThat(overflows).isPositive();
                assertThat(r.getWarnings()).anyMatch(w -> w.startsWith(clamped));
            }
        }
    }
}
