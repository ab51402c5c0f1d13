package io.tracejob.operator.selection;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tracejob.api.v1alpha1.PrometheusRanking;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.prometheus.InstantVector;
import io.tracejob.operator.prometheus.PrometheusFailure;
import io.tracejob.operator.prometheus.PrometheusQueries;
import io.tracejob.operator.prometheus.PrometheusQueries.Answered;
import io.tracejob.operator.prometheus.PrometheusQueries.Ask;
import io.tracejob.operator.prometheus.PrometheusQueries.Failed;
import io.tracejob.operator.status.EventReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pick Slowest by {@code slowestBy.prometheus}: one instant query over Prometheus' HTTP API, asked
 * through {@link PrometheusQueries} (off the reconcile thread, only of an allowed server, retried
 * while it fails transiently within {@code retryFor}); the series are matched to candidate pods by
 * {@code podLabel} and the highest value wins. Anything short of one clear number per pod is an
 * error with a reason, never a guess.
 */
public final class PrometheusPicker {
    public static final String URL_FIELD = "spec.target.slowestBy.prometheus.url";

    private final PrometheusQueries<ResourceID> queries;
    private final Duration retryFor;

    public PrometheusPicker(PrometheusQueries<ResourceID> queries, Duration retryFor) {
        this.queries = queries;
        this.retryFor = retryFor;
    }

    /**
     * The selection once the answer is in; empty while the query is in flight (its state in {@code
     * waiting}).
     */
    public Optional<Selection> pick(
            TraceJob job, List<PodTarget> candidates, java.util.function.Consumer<String> waiting)
            throws SelectionException {
        PrometheusRanking p = job.getSpec().getTarget().getSlowestBy().getPrometheus();
        var poll =
                queries.poll(
                        ResourceID.fromResource(job),
                        new Ask(p.getUrl(), URL_FIELD, p.getQuery()),
                        retryFor);
        if (poll instanceof Failed f) throw failure(f.failure());
        if (!(poll instanceof Answered a)) {
            waiting.accept(((PrometheusQueries.Waiting) poll).why());
            return Optional.empty();
        }
        InstantVector answer = a.answer();
        if (!answer.isVector()) {
            throw new SelectionException(
                    EventReason.PROMETHEUS_ANSWER_INVALID,
                    "the query returned a "
                            + answer.resultType()
                            + ", not an instant vector with one series per pod");
        }
        Map<String, Double> byPod = valuesByPod(answer.samples(), p, candidates);
        return Optional.of(
                Ranking.highest(
                        candidates,
                        byPod,
                        (winner, value, of) ->
                                "highest "
                                        + QueryWords.what(p.getQuery())
                                        + " in Prometheus: "
                                        + QueryWords.value(p.getQuery(), value)
                                        + " of "
                                        + Plural.pods(of)));
    }

    /** The queries this picker asks: their listener brings a job back when its answer is in. */
    public PrometheusQueries<ResourceID> queries() {
        return queries;
    }

    private static SelectionException failure(PrometheusFailure f) {
        return new SelectionException(EventReason.of(f.kind().reason()), f.getMessage(), f);
    }

    private static Map<String, Double> valuesByPod(
            List<InstantVector.Sample> series, PrometheusRanking p, List<PodTarget> candidates)
            throws SelectionException {
        Map<String, Double> byPod = new TreeMap<>();
        Map<String, String> seriesOf = new TreeMap<>();
        int withoutLabel = 0;
        for (InstantVector.Sample s : series) {
            String name = s.labels().get(p.getPodLabel());
            if (name == null) {
                withoutLabel++;
                continue;
            }
            if (candidates.stream().noneMatch(c -> c.pod().equals(name))) continue;
            if (byPod.containsKey(name)) {
                throw new SelectionException(
                        EventReason.PROMETHEUS_ANSWER_AMBIGUOUS,
                        "the query returned several series for pod "
                                + name
                                + " ("
                                + seriesOf.get(name)
                                + " and "
                                + s.labels()
                                + "); aggregate to one per pod,"
                                + " e.g. max by ("
                                + p.getPodLabel()
                                + ") (...)");
            }
            double v;
            try {
                v = s.number();
            } catch (NumberFormatException e) {
                throw new SelectionException(
                        EventReason.PROMETHEUS_ANSWER_INVALID,
                        "series for pod " + name + " has value '" + s.value() + "', not a number");
            }
            if (Double.isNaN(v)) continue;
            byPod.put(name, v);
            seriesOf.put(name, s.labels().toString());
        }
        if (byPod.isEmpty()) {
            String names = String.join(", ", candidates.stream().map(PodTarget::pod).toList());
            throw new SelectionException(
                    EventReason.PROMETHEUS_NO_DATA,
                    "the query returned "
                            + series.size()
                            + " series"
                            + (withoutLabel > 0
                                    ? " ("
                                            + withoutLabel
                                            + " without label '"
                                            + p.getPodLabel()
                                            + "')"
                                    : "")
                            + " and none has a number for the candidate pods ("
                            + names
                            + ") in label '"
                            + p.getPodLabel()
                            + "'");
        }
        return byPod;
    }
}
