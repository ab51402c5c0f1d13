package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TraceScheduleStatus;
import io.tracejob.api.v1alpha1.report.ValueUnit;
import io.tracejob.operator.schedule.Trend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code trend SCHEDULE}: the runs in the schedule's {@code status.history}, oldest first so the
 * table reads like the sparkline of p99 below it, each run's p99 against the median p99 (the same
 * median as the schedule's {@code p99VsMedian} column).
 */
public final class TrendReport {
    private TrendReport() {}

    public static String render(TraceSchedule schedule) {
        String name =
                schedule.getMetadata().getNamespace() == null
                        ? schedule.getMetadata().getName()
                        : schedule.getMetadata().getNamespace()
                                + "/"
                                + schedule.getMetadata().getName();
        TraceScheduleStatus status = schedule.getStatus();
        List<ScheduleRun> newestFirst =
                status == null || status.getHistory() == null ? List.of() : status.getHistory();
        if (newestFirst.isEmpty())
            return "TraceSchedule " + name + " has no finished runs in its history yet\n";
        ValueUnit unit =
                Figures.unitOf(
                        schedule.getSpec() == null || schedule.getSpec().getJobTemplate() == null
                                ? null
                                : schedule.getSpec().getJobTemplate().getSpec());
        List<ScheduleRun> runs = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(runs);
        Optional<Double> median = Trend.medianP99(newestFirst);
        TextTable t =
                new TextTable()
                        .row(
                                "SCHEDULED",
                                "JOB",
                                "PHASE",
                                "CALLS",
                                "P50",
                                "P99",
                                "P99.99",
                                "MAX",
                                "P99/MEDIAN",
                                "STOP");
        Long[] p99s = new Long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            ScheduleRun r = runs.get(i);
            boolean measured = Trend.isMeasured(r);
            p99s[i] = measured ? r.getP99() : null;
            t.row(
                    Figures.orDash(r.getScheduledTime()),
                    Figures.orDash(r.getJob()),
                    Figures.orDash(r.getPhase()),
                    Figures.orDash(r.getCount()),
                    format(r.getP50(), unit),
                    format(r.getP99(), unit),
                    format(r.getP9999(), unit),
                    format(r.getMax(), unit),
                    measured && median.isPresent() && median.get() > 0
                            ? Trend.format(r.getP99() / median.get())
                            : "-",
                    Figures.orDash(r.getStopReason()));
        }
        StringBuilder out = new StringBuilder("TraceSchedule " + name + "\n\n");
        out.append(t.render("")).append('\n');
        out.append("p99  ")
                .append(Sparkline.of(p99s))
                .append("  (oldest to newest; · no figure)\n");
        Optional<ScheduleRun> last = Trend.lastMeasured(newestFirst);
        if (last.isPresent() && median.isPresent()) {
            long measuredRuns = newestFirst.stream().filter(Trend::isMeasured).count();
            out.append("last p99 ")
                    .append(unit.format(last.get().getP99()))
                    .append(" (")
                    .append(last.get().getJob())
                    .append(") is ")
                    .append(Trend.p99VsMedian(newestFirst).map(Trend::format).orElse("-"))
                    .append(" the median p99 ")
                    .append(unit.format(Math.round(median.get())))
                    .append(" of ")
                    .append(measuredRuns)
                    .append(measuredRuns == 1 ? " succeeded run\n" : " succeeded runs\n");
        } else {
            out.append("no succeeded run with calls yet: no trend\n");
        }
        return out.toString();
    }

    private static String format(Long v, ValueUnit unit) {
        return v == null ? "-" : unit.format(v);
    }
}
