package io.tracejob.operator.completion;

import io.tracejob.api.v1alpha1.InFlight;
import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Percentiles;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Merges the results of several agents (pick All) without loss: the HdrHistograms are added bucket
 * by bucket, and every figure is recomputed from the sum, so the merged p99 is the p99 of all calls
 * together.
 */
public final class ResultMerger {
    private ResultMerger() {}

    /**
     * @param byPod results keyed by traced pod name, in a stable order
     */
    public static Result merge(Map<String, Result> byPod) {
        if (byPod.isEmpty()) throw new IllegalArgumentException("nothing to merge");
        if (byPod.size() == 1) return byPod.values().iterator().next();
        Histogram sum = null;
        Result out = new Result();
        List<String> warnings = new ArrayList<>();
        long firings = 0;
        double cpu = 0;
        double duty = 1;
        long inFlight = 0;
        long oldest = 0;
        int processes = 0;
        StopReason stop = StopReason.Completed;
        String attach = null;
        for (var e : byPod.entrySet()) {
            Result r = e.getValue();
            if (r.getHistogram() == null || r.getHistogram().isEmpty()) {
                if (r.getCount() > 0) {
                    throw new IllegalArgumentException(
                            "result of pod "
                                    + e.getKey()
                                    + " has "
                                    + r.getCount()
                                    + " calls but no histogram; cannot merge losslessly");
                }
            } else {
                Histogram h = r.decodeHistogram();
                if (sum == null) {
                    sum =
                            new Histogram(
                                    h.getLowestDiscernibleValue(),
                                    Math.max(h.getHighestTrackableValue(), 2),
                                    h.getNumberOfSignificantValueDigits());
                    sum.setAutoResize(true);
                }
                sum.add(h);
            }
            for (String w : r.getWarnings() == null ? List.<String>of() : r.getWarnings())
                warnings.add(e.getKey() + ": " + w);
            if (r.getOverhead() != null) {
                firings += r.getOverhead().getFirings();
                cpu = Math.max(cpu, r.getOverhead().getEstimatedCpuPercent());
                duty =
                        Math.min(
                                duty,
                                r.getOverhead().getDutyCycle() == 0
                                        ? 1
                                        : r.getOverhead().getDutyCycle());
            }
            if (r.getInFlight() != null) {
                inFlight += r.getInFlight().getCount();
                oldest = Math.max(oldest, r.getInFlight().getOldestNanos());
            }
            processes += r.getProcessesTraced();
            if (r.getStopReason() != null
                    && r.getStopReason() != StopReason.Completed
                    && stop == StopReason.Completed) {
                stop = r.getStopReason();
                out.setMessage(e.getKey() + ": " + r.getMessage());
            }
            if (attach == null) attach = r.getAttachPoint();
        }
        if (sum != null) {
            out.setCount(sum.getTotalCount());
            out.setMinNanos(sum.getTotalCount() == 0 ? 0 : sum.getMinValue());
            out.setMaxNanos(sum.getMaxValue());
            out.setMeanNanos(sum.getTotalCount() == 0 ? 0 : sum.getMean());
            out.setSignificantDigits(sum.getNumberOfSignificantValueDigits());
            out.setPercentiles(Percentiles.of(sum));
            out.setHistogram(Result.encodeHistogram(sum));
        }
        Overhead o = new Overhead();
        o.setFirings(firings);
        o.setEstimatedCpuPercent(cpu);
        o.setDutyCycle(duty);
        out.setOverhead(o);
        if (inFlight > 0) {
            InFlight f = new InFlight();
            f.setCount(inFlight);
            f.setOldestNanos(oldest);
            out.setInFlight(f);
        }
        out.setProcessesTraced(processes);
        out.setStopReason(stop);
        out.setAttachPoint(attach);
        warnings.add(
                "merged from "
                        + byPod.size()
                        + " pods ("
                        + String.join(", ", byPod.keySet())
                        + "); per-interval summaries are per pod and are not kept; overhead is the highest of any pod");
        out.setWarnings(warnings);
        return out;
    }
}
