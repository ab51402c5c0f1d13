package io.tracejob.agent.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.trace.TrapCosts;
import io.tracejob.api.v1alpha1.Measure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sentinel on the real kernel: the bundled target probed with a trace's programs, sampled while
 * a trace would run, and what it measures checked against another process's own timing.
 */
class SentinelTest {
    @BeforeAll
    static void kernel() throws Exception {
        Kernel.requireEbpf();
    }

    private static final TrapCosts HERE =
            new TrapCosts(TrapCosts.defaults().nanosPerFiring(), "measured here (test)", true);

    private static ProbePlan plan(CalibrationTarget t, String attachClass, Measure m)
            throws Exception {
        return CalibrationSite.forKey(TrapCosts.key(attachClass, m))
                .orElseThrow()
                .planner()
                .plan(t.binary());
    }

    @Test
    void itSamplesEverySecondAndMeasuresWhatAnotherTracedProcessPays() throws Exception {
        try (CalibrationTarget other = CalibrationTarget.start()) {
            ProbePlan plan = plan(other, TrapCosts.INT3_EMULATED, Measure.Latency);
            try (Sentinel s = Sentinel.start(plan, HERE)) {
                assertThat(s.samples()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> s.samples() >= 3);
                assertThat(s.source())
                        .contains("followed during the trace")
                        .contains("before it: measured here (test)");
                // the other process, traced by the real engine with the same programs, times its
                // own calls
                double untraced = other.run("emulated", 5_000).cpuNanos();
                assertPricesWhatItPays(s, other, plan, "emulated", untraced);
            }
        }
    }

    @Test
    void closingEndsItsTargetAndItsProbes() throws Exception {
        Sentinel s;
        try (CalibrationTarget t = CalibrationTarget.start()) {
            s = Sentinel.start(plan(t, TrapCosts.INT3_EMULATED, Measure.Latency), HERE);
        }
        long pid = s.targetPid();
        assertThat(ProcessHandle.of(pid)).isPresent();
        s.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aTracepointIsMeasuredAgainstAnUntracedSystemCallNotWithIt() throws Exception {
        try (CalibrationTarget other = CalibrationTarget.start()) {
            ProbePlan tp = plan(other, TrapCosts.TRACEPOINT, Measure.Latency);
            // before the sentinel: its programs run (and filter) for every process's calls
            other.run("getppid", 1_000);
            double untraced = other.run("getppid", 5_000).cpuNanos();
            try (Sentinel s = Sentinel.start(tp, HERE)) {
                // the probe's cost, not the system call's: positive, and below one untraced call
                // (how close it comes to what another process pays is the benchmark's: the pair's
                // cost moves with the node's system-call speed, and a test's few ms cannot pin it)
                double figure = s.nanosPerFiring();
                System.err.printf(
                        "sentinel %.0f ns a tracepoint firing, an untraced getppid %.0f ns%n",
                        figure, untraced);
                assertThat(figure).isPositive().isLessThan(untraced);
                // calls far apart: the next burst is paced, each getppid timed against a getpid
                // next to it (a cold firing can cost more than a warm untraced call, so no upper
                // bound here; CalibrationTargetTest checks the pairs' arithmetic)
                assertThat(s.pacedSamples()).isZero();
                s.fired(new long[] {20});
                await().atMost(Duration.ofSeconds(10)).until(() -> s.pacedSamples() >= 1);
                assertThat(s.nanosPerFiring()).isPositive();
                assertThat(s.source()).contains("1 paced as the trace's calls came");
            }
        }
    }

    @Test
    void itMovesToTheCpuTheTraceFiresOnAndPricesThatCpusFiringsByIt() throws Exception {
        assertThat(Runtime.getRuntime().availableProcessors())
                .as("this test needs two CPUs")
                .isGreaterThanOrEqualTo(2);
        try (CalibrationTarget t = CalibrationTarget.start();
                Sentinel s =
                        Sentinel.start(
                                plan(t, TrapCosts.INT3_EMULATED, Measure.Latency), HERE, 0)) {
            assertThat(s.measuredOn()).containsExactly(0);
            assertThat(allowedCpus(s.targetPid())).isEqualTo("0");
            s.fired(new long[] {3, 500}); // the trace now fires on CPU 1
            await().atMost(Duration.ofSeconds(10)).until(() -> s.measuredOn().contains(1));
            assertThat(allowedCpus(s.targetPid())).isEqualTo("1");
            assertThat(s.nanosPerFiring(1)).isPositive();
            assertThat(s.source()).contains("on CPUs 0, 1");
        }
    }

    @Test
    void aCpuItMayNotRunOnIsSaidAndItsFiringsTakeTheLatestFigure() throws Exception {
        int absent = Runtime.getRuntime().availableProcessors() + 3;
        try (CalibrationTarget t = CalibrationTarget.start();
                Sentinel s =
                        Sentinel.start(
                                plan(t, TrapCosts.INT3_EMULATED, Measure.Latency), HERE, 0)) {
            long[] firings = new long[absent + 1];
            firings[absent] = 1_000;
            s.fired(firings);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> s.source().contains("could not run on CPU " + absent));
            assertThat(s.nanosPerFiring(absent)).isEqualTo(s.nanosPerFiring());
            assertThat(allowedCpus(s.targetPid())).isEqualTo("0");
        }
    }

    @Test
    void aCpuWhoseCallsComeFarApartIsMeasuredWithCallsAsFarApart() throws Exception {
        try (CalibrationTarget t = CalibrationTarget.start();
                Sentinel s =
                        Sentinel.start(
                                plan(t, TrapCosts.INT3_EMULATED, Measure.Latency), HERE, 0)) {
            assertThat(s.pacedSamples())
                    .isZero(); // the first burst, before any firing: back to back
            s.fired(new long[] {20}); // 20 calls in about a second: far apart
            await().atMost(Duration.ofSeconds(10)).until(() -> s.pacedSamples() >= 1);
            assertThat(s.nanosPerFiring(0)).isPositive();
            assertThat(s.source()).contains("1 paced as the trace's calls came");
        }
    }

    @Test
    void theBusiestCpuIsTheOneWithTheMostFiringsSinceItsLastBurst() {
        assertThat(Cadence.busiest(new long[] {0, 0, 0}, Set.of())).isEqualTo(-1);
        assertThat(Cadence.busiest(new long[] {5, 9, 2}, Set.of())).isEqualTo(1);
        assertThat(Cadence.busiest(new long[] {5, 9, 2}, Set.of(1))).isEqualTo(0);
    }

    private static String allowedCpus(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElseThrow();
    }

    /**
     * The pair's cost in another process by its own timing (traced − untraced, two firings a call)
     * and the sentinel's figure of the same seconds are one node's cost (wide bounds: this checks
     * it measures the right thing, the benchmark measures how well).
     */
    private static void assertPricesWhatItPays(
            Sentinel s, CalibrationTarget other, ProbePlan plan, String function, double untraced)
            throws Exception {
        double paid;
        try (TracedWindow w = TracedWindow.open(plan, other.pid())) {
            other.run(function, 1_000);
            paid = (other.run(function, 5_000).cpuNanos() - untraced) / 2;
            w.finish();
        }
        double figure = s.nanosPerFiring();
        System.err.printf(
                "sentinel %.0f ns a %s firing, another process paid %.0f%n",
                figure, function, paid);
        assertThat(figure).isPositive().isBetween(paid / 2, paid * 2);
    }
}
