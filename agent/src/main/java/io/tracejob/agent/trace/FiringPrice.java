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
