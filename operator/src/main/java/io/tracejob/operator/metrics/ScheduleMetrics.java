package io.tracejob.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tracejob.api.v1alpha1.ScheduleRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The latest measured run of every TraceSchedule as gauges, labelled by namespace and schedule:
 * {@code tracejob_schedule_last_latency_seconds{quantile}}, {@code _last_calls}, {@code
 * _last_run_timestamp_seconds}, {@code _p99_vs_median}. One set per schedule (never per job); gone
 * when the schedule is deleted.
 */
public final class ScheduleMetrics {
    private static final double NANOS = 1e9;

    private final MeterRegistry registry;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    public ScheduleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The latest measured run of a schedule and its p99 against the history's median. */
    public void record(String namespace, String schedule, ScheduleRun last, double p99VsMedian) {
        Series s =
                series.computeIfAbsent(
                        key(namespace, schedule), k -> register(namespace, schedule));
        s.last = last;
        s.ratio = p99VsMedian;
    }

    /** The schedule is gone: so are its series. */
    public void forget(String namespace, String schedule) {
        Series s = series.remove(key(namespace, schedule));
        if (s != null) s.meters.forEach(registry::remove);
    }

    private Series register(String namespace, String schedule) {
        Series s = new Series();
        Tags tags = Tags.of("namespace", namespace, "schedule", schedule);
        quantile(s, tags, "0.5", r -> r.getP50());
        quantile(s, tags, "0.99", r -> r.getP99());
        quantile(s, tags, "0.9999", r -> r.getP9999());
        quantile(s, tags, "1", r -> r.getMax());
        gauge(s, "tracejob.schedule.last.calls", null, tags, x -> x.last.getCount(), "calls");
        gauge(
                s,
                "tracejob.schedule.last.run.timestamp",
                "seconds",
                tags,
                x ->
                        x.last.getScheduledTime() == null
                                ? Double.NaN
                                : Instant.parse(x.last.getScheduledTime()).getEpochSecond(),
                "when the latest measured run was due");
        gauge(
                s,
                "tracejob.schedule.last.overhead.cpu",
                "percent",
                tags,
                x ->
                        x.last.getOverheadCpuPercent() == null
                                ? Double.NaN
                                : x.last.getOverheadCpuPercent(),
                "estimated CPU the latest measured run's probe added to its target, in percent"
                        + " of one core");
        s.meters.add(
                Gauge.builder("tracejob.schedule.p99.vs.median", s, x -> x.ratio)
                        .description("latest p99 divided by the median p99 of the history")
                        .tags(tags)
                        .register(registry));
        return s;
    }

    private void quantile(Series s, Tags tags, String q, ToDoubleFunction<ScheduleRun> nanos) {
        gauge(
                s,
                "tracejob.schedule.last.latency",
                "seconds",
                tags.and("quantile", q),
                x -> nanos.applyAsDouble(x.last) / NANOS,
                "latency of the latest measured run, by quantile (1 = max)");
    }

    private void gauge(
            Series s,
            String name,
            String unit,
            Tags tags,
            ToDoubleFunction<Series> value,
            String description) {
        s.meters.add(
                Gauge.builder(name, s, x -> x.last == null ? Double.NaN : value.applyAsDouble(x))
                        .baseUnit(unit)
                        .description(description)
                        .tags(tags)
                        .register(registry));
    }

    private static String key(String namespace, String schedule) {
        return namespace + "/" + schedule;
    }

    /** The gauges' state object: the registry holds it weakly, this map strongly. */
    private static final class Series {
        volatile ScheduleRun last;
        volatile double ratio = Double.NaN;
        final List<Meter> meters = new ArrayList<>();
    }
}
