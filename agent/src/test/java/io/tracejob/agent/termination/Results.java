package io.tracejob.agent.termination;

import io.tracejob.api.v1alpha1.InFlight;
import io.tracejob.api.v1alpha1.IntervalSnapshot;
import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Results shaped like a long trace's: a log-normal latency spread over 6 decades, intervals,
 * warnings.
 */
final class Results {
    private Results() {}

    static Result big(long seed, int intervals, int digits, int warnings, int warningLength) {
        Random rnd = new Random(seed);
        Histogram h = new Histogram(1, 3_600_000_000_000L, digits);
        for (int i = 0; i < 200_000; i++) {
            // ~ 20 µs median with a tail into seconds: many distinct buckets, like a real long-tail
            // service
            double v = Math.exp(Math.log(20_000) + 2.2 * rnd.nextGaussian());
            h.recordValue(Math.max(1, Math.min((long) v, 3_000_000_000_000L)));
        }
        Result r = new Result().withDistribution(h, digits);
        List<IntervalSnapshot> list = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-25T22:14:00Z");
        for (int i = 0; i < intervals; i++) {
            IntervalSnapshot s = new IntervalSnapshot();
            s.setStart(t0.plusSeconds(10L * i).toString());
            s.setCount(1000 + rnd.nextInt(100_000));
            s.setP50(10_000 + rnd.nextInt(20_000));
            s.setP99(1_000_000 + rnd.nextInt(9_000_000));
            s.setMax(100_000_000L + rnd.nextInt(1_000_000_000));
            list.add(s);
        }
        r.setIntervals(intervals == 0 ? null : list);
        InFlight f = new InFlight();
        f.setCount(3);
        f.setOldestNanos(2_500_000_000L);
        r.setInFlight(f);
        Overhead o = new Overhead();
        o.setFirings(2 * h.getTotalCount());
        o.setFiringsPerSecond(123_456.7);
        o.setBpfNanosPerFiring(88.5);
        o.setEstimatedCpuPercent(0.93);
        o.setBudgetCpuPercent(1);
        o.setDutyCycle(0.42);
        o.setAttachClass("int3");
        r.setOverhead(o);
        r.setStopReason(StopReason.BudgetExceeded);
        r.setMessage(
                "estimated overhead 1.3% of one core exceeded the budget of 1% (overheadBudget.maxCpuPercent); detached after 41 s");
        List<String> w = new ArrayList<>();
        for (int i = 0; i < warnings; i++) {
            StringBuilder b = new StringBuilder("warning " + i + ": ");
            while (b.length() < warningLength)
                b.append("ring buffer lost ")
                        .append(rnd.nextInt(1000))
                        .append(" events on cpu ")
                        .append(i % 2)
                        .append("; ");
            w.add(b.substring(0, warningLength));
        }
        r.setWarnings(w);
        r.setProcessesTraced(7);
        r.setAttachPoint(
                "/proc/4242/root/usr/local/bin/match_engine:match_order+0x4 (0x1a2b3c, int3 after endbr64)");
        return r;
    }
}
