package io.tracejob.agent.trace;

/**
 * What one firing costs the target now, as something outside the trace keeps measuring it (a
 * sentinel: the bundled calibration target, probed the same way, timed every second). A node's cost
 * per firing moves by 15–30 % within a minute on a shared VM, and every process on the node moves
 * with it (docs/benchmarks.md, "A figure that follows the node"): a figure taken before the trace
 * cannot follow that; one taken beside it can.
 */
public interface FiringPrice {
    /** the latest figure, in nanoseconds of the target's CPU per firing */
    double nanosPerFiring();

    /**
     * The latest figure for a firing on CPU {@code cpu}. A probe's cost differs between CPUs at the
     * same moment (by up to 45 % between the two vCPUs of a shared VM, for minutes at a time), so a
     * price that measures per CPU answers per CPU; one figure serves every CPU otherwise.
     */
    default double nanosPerFiring(int cpu) {
        return nanosPerFiring();
    }

    /**
     * The firings just charged, per CPU: where the trace is firing now, so a price that measures
     * per CPU can measure where it matters. Called on the tracer's thread; must not block.
     */
    default void fired(long[] newFiringsPerCpu) {}

    /** where the figures came from and how they ran, for the Result's {@code costSource} */
    String source();

    /** the one figure known before the trace, for its whole length */
    static FiringPrice fixed(TrapCosts costs, io.tracejob.agent.probe.ProbePlan plan) {
        double nanos = costs.forPlan(plan);
        String source = costs.source();
        return new FiringPrice() {
            @Override
            public double nanosPerFiring() {
                return nanos;
            }

            @Override
            public String source() {
                return source;
            }
        };
    }
}
