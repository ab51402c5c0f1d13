package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.programs.KeySource;
import io.tracejob.api.v1alpha1.Measure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pair's per-firing cost is not an entry's: Count on a single-stepped site pays the single-step
 * on every firing.
 */
class TrapCostsTest {
    static final TrapCosts COSTS = TrapCosts.defaults();

    static ProbePlan plan(Measure measure, String attachClass, boolean withReturn) {
        Site entry =
                new Site.Uprobe(
                        withReturn ? Role.START : Role.EVENT, Path.of("/bin/x"), 0x1000, false, 0);
        List<Site> sites =
                withReturn
                        ? List.of(
                                entry,
                                new Site.Uprobe(Role.END, Path.of("/bin/x"), 0x1000, true, 0))
                        : List.of(entry);
        return new ProbePlan(
                measure,
                sites,
                KeySource.thread(),
                KeySource.thread(),
                attachClass,
                "x",
                null,
                List.of());
    }

    @Test
    void latencyPairsKeepThePerFiringFigure() {
        assertThat(COSTS.forPlan(plan(Measure.Latency, TrapCosts.INT3_SINGLE_STEP, true)))
                .isEqualTo(6_000);
        assertThat(COSTS.forPlan(plan(Measure.Latency, TrapCosts.INT3_EMULATED, true)))
                .isEqualTo(1_000);
    }

    @Test
    void entriesAlonePayTheEntry() {
        // single-stepped entry ≈ pair (2 × 6,000) less the emulated return (1,000)
        assertThat(COSTS.forPlan(plan(Measure.Count, TrapCosts.INT3_SINGLE_STEP, false)))
                .isEqualTo(11_000);
        assertThat(COSTS.forPlan(plan(Measure.Count, TrapCosts.INT3_EMULATED, false)))
                .isEqualTo(1_000);
        assertThat(COSTS.forPlan(plan(Measure.Count, TrapCosts.USDT, false))).isEqualTo(700);
    }

    @Test
    void tracepointsAreUntouched() {
        ProbePlan tp =
                new ProbePlan(
                        Measure.Count,
                        List.of(new Site.Tracepoint(Role.EVENT, "syscalls", "sys_enter_read", 1)),
                        KeySource.thread(),
                        KeySource.thread(),
                        TrapCosts.TRACEPOINT,
                        "x",
                        null,
                        List.of());
        assertThat(COSTS.forPlan(tp)).isEqualTo(350);
    }

    @Test
    void aFigureMeasuredWithThePlansOwnProgramsWinsOverTheDerivedOne() {
        TrapCosts measured =
                new TrapCosts(
                        java.util.Map.of(
                                TrapCosts.INT3_SINGLE_STEP,
                                6_000L,
                                TrapCosts.key(TrapCosts.INT3_SINGLE_STEP, Measure.Count),
                                9_500L),
                        "test");
        assertThat(measured.forPlan(plan(Measure.Count, TrapCosts.INT3_SINGLE_STEP, false)))
                .isEqualTo(9_500);
        assertThat(measured.forPlan(plan(Measure.Latency, TrapCosts.INT3_SINGLE_STEP, true)))
                .isEqualTo(6_000);
    }
}
