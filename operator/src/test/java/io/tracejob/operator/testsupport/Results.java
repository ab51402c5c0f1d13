package io.tracejob.operator.testsupport;

import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Percentiles;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Random;

/** Real-looking Results built the way the agent builds them: from a real HdrHistogram of latencies. */
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
        Result r = new Result();
        r.setCount(h.getTotalCount());
        r.setMinNanos(h.getMinValue());
        r.setMaxNanos(h.getMaxValue());
        r.setMeanNanos(h.getMean());
        Percentiles p = new Percentiles();
        p.setP50(h.getValueAtPercentile(50));
        p.setP90(h.getValueAtPercentile(90));
        p.setP99(h.getValueAtPercentile(99));
        p.setP999(h.getValueAtPercentile(99.9));
        p.setP9999(h.getValueAtPercentile(99.99));
        r.setPercentiles(p);
        r.setSignificantDigits(h.getNumberOfSignificantValueDigits());
        r.setHistogram(Result.encodeHistogram(h));
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
