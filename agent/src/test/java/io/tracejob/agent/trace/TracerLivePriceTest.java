package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.api.v1alpha1.OnExceed;
import io.tracejob.api.v1alpha1.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace priced by a figure that moves while it runs (a sentinel's): each part of the trace pays
 * the figure of its moment, and the Result says where the figures came from.
 */
class TracerLivePriceTest {
    @TempDir static Path dir;
    static Path spin;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        spin = Gcc.compile("trace_spin.c", dir, "spin");
    }

    /** 1,000 ns a firing for the first 20 looks, then 5,000 */
    static final class Stepping implements FiringPrice {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public double nanosPerFiring() {
            return asked.incrementAndGet() <= 20 ? 1_000 : 5_000;
        }

        @Override
        public String source() {
            return "a stepping figure";
        }
    }

    @Test
    void aTraceThatCountsNoFiringReportsTheFigureItsSourceNames() throws Exception {
        FiringPrice live =
                new FiringPrice() {
                    @Override
                    public double nanosPerFiring() {
                        return 4_321;
                    }

                    @Override
                    public String source() {
                        return "a live figure";
                    }
                };
        // main has been entered already and is never called again: no firing
        var o = trace("main", Duration.ofSeconds(1), live).getOverhead();
        assertThat(o.getFirings()).isZero();
        assertThat(o.getNanosPerFiring()).isEqualTo(4_321.0);
        assertThat(o.getCostSource()).isEqualTo("a live figure");
    }

    @Test
    void eachPartOfTheTraceIsPricedByTheFigureOfItsMoment() throws Exception {
        Stepping live = new Stepping();
        Result r = trace("tick", Duration.ofSeconds(2), live);
        var o = r.getOverhead();
        assertThat(live.asked.get()).isGreaterThan(20);
        // neither every firing at the first figure nor every one at the last
        assertThat(o.getNanosPerFiring()).isStrictlyBetween(1_000.0, 5_000.0);
        assertThat(o.getCostSource()).isEqualTo("a stepping figure");
        double modelNanos = o.getNanosPerFiring() * o.getFirings() + o.getTransitionNanos();
        double attachedNanos = o.getFirings() / o.getFiringsPerSecond() * 1e9;
        if (!r.getWarnings().stream().anyMatch(w -> w.contains("exceeded the traced")))
            assertThat(o.getEstimatedCpuPercent())
                    .isCloseTo(modelNanos / attachedNanos * 100, within(0.01));
    }

    /** {@code function} of the spinning target traced for {@code length}, priced by {@code live} */
    private static Result trace(String function, Duration length, FiringPrice live)
            throws Exception {
        try (TargetProcess t = TargetProcess.start(spin)) {
            t.expect("ready");
            var plan =
                    ProbePlanner.plan(
                            Probes.uprobe(spin, function), Path.of("/proc/" + t.pid() + "/root"));
            try (TracerHarness h =
                    TracerHarness.start(
                            plan,
                            t.pid(),
                            length,
                            Duration.ofSeconds(1),
                            10_000.0,
                            OnExceed.Stop,
                            null,
                            live)) {
                return h.get();
            }
        }
    }
}
