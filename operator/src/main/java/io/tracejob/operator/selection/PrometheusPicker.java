package io.tracejob.operator.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.api.v1alpha1.PrometheusRanking;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.status.EventReason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pick Slowest by {@code slowestBy.prometheus}: one instant query over Prometheus' HTTP API; the
 * series are matched to candidate pods by {@code podLabel} and the highest value wins. Anything
 * short of one clear number per pod is an error with a reason, never a guess.
 */
public final class PrometheusPicker implements Picker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    public PrometheusPicker(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public Selection pick(TraceJob job, List<PodTarget> candidates) throws SelectionException {
        PrometheusRanking p = job.getSpec().getTarget().getSlowestBy().getPrometheus();
        JsonNode answer = query(p);
        Map<String, Double> byPod = valuesByPod(answer, p, candidates);
        return Ranking.highest(
                candidates,
                byPod,
                (winner, value, of) ->
                        "highest "
                                + QueryWords.what(p.getQuery())
                                + " in Prometheus: "
                                + QueryWords.value(p.getQuery(), value)
                                + " of "
                                + Plural.pods(of));
    }

    private JsonNode query(PrometheusRanking p) throws SelectionException {
        String base =
                p.getUrl().endsWith("/")
                        ? p.getUrl().substring(0, p.getUrl().length() - 1)
                        : p.getUrl();
        URI uri =
                URI.create(
                        base
                                + "/api/v1/query?query="
                                + URLEncoder.encode(p.getQuery(), StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response =
                    http.send(
                            HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SelectionException(
                    EventReason.PROMETHEUS_UNREACHABLE,
                    "cannot query Prometheus at "
                            + p.getUrl()
                            + " (spec.target.slowestBy.prometheus.url): "
                            + describe(e),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SelectionException(
                    EventReason.PROMETHEUS_UNREACHABLE,
                    "interrupted while querying Prometheus at " + p.getUrl(),
                    e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SelectionException(
                    EventReason.PROMETHEUS_ANSWER_INVALID,
                    "Prometheus at "
                            + p.getUrl()
                            + " answered HTTP "
                            + response.statusCode()
                            + " with something that is not JSON; is the url the Prometheus server?");
        }
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new SelectionException(
                    EventReason.PROMETHEUS_QUERY_FAILED,
                    "Prometheus at "
                            + p.getUrl()
                            + " rejected the query"
                            + " (spec.target.slowestBy.prometheus.query), HTTP "
                            + response.statusCode()
                            + ": "
                            + body.path("errorType").asText("")
                            + " "
                            + body.path("error").asText(""));
        }
        String type = body.path("data").path("resultType").asText();
        if (!"vector".equals(type)) {
            throw new SelectionException(
                    EventReason.PROMETHEUS_ANSWER_INVALID,
                    "the query returned a "
                            + type
                            + ", not an instant vector with one series per pod");
        }
        return body.path("data").path("result");
    }

    private static Map<String, Double> valuesByPod(
            JsonNode series, PrometheusRanking p, List<PodTarget> candidates)
            throws SelectionException {
        Map<String, Double> byPod = new TreeMap<>();
        Map<String, String> seriesOf = new TreeMap<>();
        int withoutLabel = 0;
        for (JsonNode s : series) {
            JsonNode pod = s.path("metric").path(p.getPodLabel());
            if (pod.isMissingNode()) {
                withoutLabel++;
                continue;
            }
            String name = pod.asText();
            if (candidates.stream().noneMatch(c -> c.pod().equals(name))) continue;
            if (byPod.containsKey(name)) {
                throw new SelectionException(
                        EventReason.PROMETHEUS_ANSWER_AMBIGUOUS,
                        "the query returned several series for pod "
                                + name
                                + " ("
                                + seriesOf.get(name)
                                + " and "
                                + s.path("metric")
                                + "); aggregate to one per pod,"
                                + " e.g. max by ("
                                + p.getPodLabel()
                                + ") (...)");
            }
            double v;
            try {
                v = Double.parseDouble(s.path("value").path(1).asText());
            } catch (NumberFormatException e) {
                throw new SelectionException(
                        EventReason.PROMETHEUS_ANSWER_INVALID,
                        "series for pod "
                                + name
                                + " has value '"
                                + s.path("value").path(1).asText()
                                + "', not a number");
            }
            if (Double.isNaN(v)) continue;
            byPod.put(name, v);
            seriesOf.put(name, s.path("metric").toString());
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

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
    }
}
