package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.api.v1alpha1.OnExceed;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overhead budget against a target that calls the probed function as fast as it can. */
class TracerBudgetTest {
    @TempDir static Path dir;
    static Path spin;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        spin = Gcc.compile("trace_spin.c", dir, "spin");
    }

    private static TracerHarness trace(
            TargetProcess t, Duration duration, double budget, OnExceed onExceed) throws Exception {
        var plan =
                ProbePlanner.plan(
                        Probes.uprobe(spin, "tick"), Path.of("/proc/" + t.pid() + "/root"));
        return TracerHarness.start(
                plan, t.pid(), duration, Duration.ofSeconds(1), budget, onExceed);
    }

    @Test
    void stopDetachesAndReportsWhatWasMeasured() throws Exception {
        try (TargetProcess t = TargetProcess.start(spin)) {
            t.expect("ready");
            try (TracerHarness h = trace(t, Duration.ofMinutes(2), 1.0, OnExceed.Stop)) {
                Result r = h.get();
                assertThat(r.getStopReason()).isEqualTo(StopReason.BudgetExceeded);
                assertThat(r.getMessage()).contains("budget of 1.00%");
                assertThat(r.getCount()).isPositive();
                assertThat(r.getOverhead().getEstimatedCpuPercent()).isGreaterThan(1.0);
                assertThat(r.getOverhead().getDutyCycle()).isEqualTo(1.0);
            }
        }
    }

    @Test
    void dutyCycleHoldsTheBudgetAndSaysWhatItMissed() throws Exception {
        try (TargetProcess t = TargetProcess.start(spin)) {
            t.expect("ready");
            Result full;
            try (TracerHarness h = trace(t, Duration.ofSeconds(2), 10_000.0, OnExceed.Stop)) {
                full = h.get();
            }
            Result duty;
            try (TracerHarness h = trace(t, Duration.ofSeconds(30), 1.0, OnExceed.DutyCycle)) {
                duty = h.get();
            }
            System.out.println(
                    "unbudgeted: "
                            + full.getOverhead().getFiringsPerSecond()
                            + " firings/s, est. "
                            + full.getOverhead().getEstimatedCpuPercent()
                            + "%; duty-cycled: "
                            + duty.getOverhead().getFiringsPerSecond()
                            + " firings/s, est. "
                            + duty.getOverhead().getEstimatedCpuPercent()
                            + "%, duty cycle "
                            + duty.getOverhead().getDutyCycle());
            assertThat(full.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(full.getOverhead().getDutyCycle()).isEqualTo(1.0);
            // far above the budget, unless a loaded machine gave the target itself less CPU: the
            // figure is capped by it
            assertThat(
                            full.getOverhead().getEstimatedCpuPercent() > 10.0
                                    || full.getWarnings().stream()
                                            .anyMatch(w -> w.startsWith("the cost model")))
                    .as(full.getOverhead().getEstimatedCpuPercent() + " %")
                    .isTrue();

            assertThat(duty.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(duty.getOverhead().getDutyCycle()).isLessThan(0.25);
            assertThat(duty.getOverhead().getFiringsPerSecond())
                    .isLessThan(full.getOverhead().getFiringsPerSecond() / 4);
            // the estimate charges every take-out and put-back at the CPU it burned
            assertThat(duty.getOverhead().getEstimatedCpuPercent()).isLessThan(1.5);
            assertThat(duty.getWarnings())
                    .anyMatch(w -> w.startsWith("duty cycled to hold the overhead budget"));
            assertThat(duty.getCount()).isPositive();
        }
    }
}
