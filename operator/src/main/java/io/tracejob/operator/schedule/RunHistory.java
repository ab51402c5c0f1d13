package io.tracejob.operator.schedule;

import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status.history}: one row per finished run, newest first, kept after its TraceJob is
 * pruned. Bounded in rows ({@link #MAX_RUNS}) and so in bytes (each row is a few numbers and a
 * reason cut to {@link #REASON_MAX} characters).
 */
public final class RunHistory {
    public static final int MAX_RUNS = 20;
    static final int REASON_MAX = 128;

    private RunHistory() {}

    /** {@code old} plus a row for every finished job not yet in it, newest first, bounded. */
    public static List<ScheduleRun> merge(List<ScheduleRun> old, List<TraceJob> finished) {
        Map<String, ScheduleRun> byJob = new LinkedHashMap<>();
        if (old != null) old.forEach(r -> byJob.put(r.getJob(), r));
        for (TraceJob job : finished) {
            byJob.putIfAbsent(job.getMetadata().getName(), row(job));
        }
        List<ScheduleRun> rows = new ArrayList<>(byJob.values());
        rows.sort(
                Comparator.comparing(
                                (ScheduleRun r) ->
                                        r.getScheduledTime() == null ? "" : r.getScheduledTime())
                        .reversed());
        return rows.size() > MAX_RUNS ? new ArrayList<>(rows.subList(0, MAX_RUNS)) : rows;
    }

    static ScheduleRun row(TraceJob job) {
        ScheduleRun r = new ScheduleRun();
        r.setJob(job.getMetadata().getName());
        r.setScheduledTime(ScheduledJobs.scheduledAt(job).map(Object::toString).orElse(null));
        TraceJobStatus s = job.getStatus();
        r.setPhase(s.getPhase());
        Result result = s.getResult();
        if (result != null && result.getPercentiles() != null) {
            r.setCount(result.getCount());
            r.setP50(result.getPercentiles().getP50());
            r.setP99(result.getPercentiles().getP99());
            r.setP9999(result.getPercentiles().getP9999());
            r.setMax(result.getMaxNanos());
        }
        if (result != null && result.getOverhead() != null) {
            r.setOverheadCpuPercent(result.getOverhead().getEstimatedCpuPercent());
        }
        String reason =
                result != null && result.getStopReason() != null
                        ? result.getStopReason().name()
                        : s.getMessage();
        if (reason != null && reason.length() > REASON_MAX) {
            reason = reason.substring(0, REASON_MAX - 1) + "…";
        }
        r.setStopReason(reason);
        return r;
    }
}
