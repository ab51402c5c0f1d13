package io.tracejob.operator.schedule;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.PrometheusTrigger;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TriggerEvaluation;
import io.tracejob.operator.prometheus.InstantVector;
import io.tracejob.operator.prometheus.PrometheusQueries;
import io.tracejob.operator.prometheus.PrometheusQueries.Answered;
import io.tracejob.operator.prometheus.PrometheusQueries.Ask;
import io.tracejob.operator.prometheus.PrometheusQueries.Failed;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The trigger's side of a schedule's pass: when an evaluation is due, asks its query through {@link
 * PrometheusQueries} (off the reconcile thread; the answer brings the schedule back) and hands the
 * reading to the pure {@link TriggerPlanner}.
 */
public final class ScheduleTriggers {
    public static final String URL_FIELD = "spec.trigger.prometheus.url";

    private final PrometheusQueries<ResourceID> queries;
    private final Duration retryFor;

    /**
     * @param retryFor how long transient failures are retried (at most one interval)
     */
    public ScheduleTriggers(PrometheusQueries<ResourceID> queries, Duration retryFor) {
        this.queries = queries;
        this.retryFor = retryFor;
    }

    public PrometheusQueries<ResourceID> queries() {
        return queries;
    }

    /** The decision of this pass; empty when no evaluation is due or its answer is not in yet. */
    public Optional<TriggerPlanner.Decision> evaluate(
            TraceSchedule schedule, TriggerEvaluation last, Instant now, int active) {
        PrometheusTrigger t = schedule.getSpec().getTrigger().getPrometheus();
        if (!TriggerPlanner.due(t, last, now)) return Optional.empty();
        Duration interval = KubeDuration.parse("interval", t.getInterval());
        var poll =
                queries.poll(
                        ResourceID.fromResource(schedule),
                        new Ask(t.getUrl(), URL_FIELD, t.getQuery()),
                        interval.compareTo(retryFor) < 0 ? interval : retryFor);
        TriggerPlanner.Reading reading;
        if (poll instanceof Failed f) {
            reading =
                    TriggerPlanner.Reading.failed(
                            f.failure().kind().reason(), f.failure().getMessage());
        } else if (poll instanceof Answered a) {
            reading = read(a.answer());
        } else {
            return Optional.empty();
        }
        return Optional.of(
                TriggerPlanner.decide(
                        t, last, reading, now, active, schedule.getSpec().getConcurrencyPolicy()));
    }

    /** When this schedule's trigger is next due. */
    public static Instant next(TraceSchedule schedule, TriggerEvaluation last) {
        return TriggerPlanner.nextEvaluation(schedule.getSpec().getTrigger().getPrometheus(), last);
    }

    /** The highest numeric sample; NaN samples are no sample, a non-number an error. */
    static TriggerPlanner.Reading read(InstantVector answer) {
        if (!answer.isVector() && !"scalar".equals(answer.resultType())) {
            return TriggerPlanner.Reading.failed(
                    "PrometheusAnswerInvalid",
                    "the query returned a "
                            + answer.resultType()
                            + ", not an instant vector or a scalar");
        }
        OptionalDouble highest = OptionalDouble.empty();
        for (InstantVector.Sample s : answer.samples()) {
            double v;
            try {
                v = s.number();
            } catch (NumberFormatException e) {
                return TriggerPlanner.Reading.failed(
                        "PrometheusAnswerInvalid",
                        "series " + s.labels() + " has value '" + s.value() + "', not a number");
            }
            if (Double.isNaN(v)) continue;
            if (highest.isEmpty() || v > highest.getAsDouble()) highest = OptionalDouble.of(v);
        }
        return TriggerPlanner.Reading.of(highest);
    }
}
