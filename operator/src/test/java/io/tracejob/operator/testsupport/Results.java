package io.tracejob.operator.testsupport;

import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Real-looking Results built the way the agent builds them: from a real HdrHistogram of latencies.
 */
public final class Results {
    private Results() {}

    /** {@code n} latencies: log-normal around {@code medianNanos} with a long tail, seeded. */
    public static Histogram latencies(long seed, int n, long medianNanos) {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 2);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.max(1, (long) (medianNanos * Math.exp(r.nextGaussian() * 0.6))));
        }
        return h;
    }

    public static Result of(Histogram h, StopReason stop) {
        Result r = new Result().withDistribution(h, h.getNumberOfSignificantValueDigits());
        Overhead o = new Overhead();
        o.setFirings(2 * h.getTotalCount());
        o.setFiringsPerSecond(2 * h.getTotalCount() / 30.0);
        o.setBpfNanosPerFiring(180);
        o.setEstimatedCpuPercent(0.2);
        o.setBudgetCpuPercent(1);
        o.setDutyCycle(1);
        o.setAttachClass("nop5");
        r.setOverhead(o);
        r.setStopReason(stop);
        if (stop != StopReason.Completed) r.setMessage("stopped: " + stop);
        r.setWarnings(List.of());
        r.setProcessesTraced(1);
        r.setAttachPoint("/app/server match_order+0x0");
        return r;
    }
}
