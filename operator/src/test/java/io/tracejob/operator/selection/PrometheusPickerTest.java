package io.tracejob.operator.selection;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tracejob.api.v1alpha1.Candidate;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.PrometheusRanking;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.prometheus.PrometheusClient;
import io.tracejob.operator.prometheus.PrometheusQueries;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.LocalPrometheus;
import io.tracejob.operator.testsupport.MetricsEndpoint;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pick Slowest by a real Prometheus scraping three local endpoints that stand in for pods. */
class PrometheusPickerTest {
    private static final double[] LE = {0.1, 0.2, 0.4, 0.6, 0.8, 1.0};
    private static final String P99 =
            "histogram_quantile(0.99, sum by (pod, le) (shop_request_duration_seconds_bucket))";

    /**
     * Each pod's p99 lies in (lower, upper]: 195 of 200 calls at or below lower, all 200 at or
     * below upper.
     */
    private static final Map<String, double[]> BOUNDS = new LinkedHashMap<>();

    static {
        BOUNDS.put("shop-a", new double[] {0.2, 0.4});
        BOUNDS.put("shop-b", new double[] {0.6, 0.8});
        BOUNDS.put("shop-c", new double[] {0.1, 0.2});
    }

    private static final List<MetricsEndpoint> endpoints = new ArrayList<>();
    private static LocalPrometheus prometheus;

    @BeforeAll
    static void start() throws Exception {
        LocalPrometheus.binary();
        try {
            for (var e : BOUNDS.entrySet())
                endpoints.add(new MetricsEndpoint(() -> exposition(e.getKey(), e.getValue())));
            prometheus =
                    LocalPrometheus.start(endpoints.stream().map(MetricsEndpoint::target).toList());
            client =
                    PrometheusClient.of(
                            List.of(prometheus.url()), false, null, Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    prometheus.query(P99).split("\"pod\"").length - 1
                                            == BOUNDS.size());
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) prometheus.close();
        if (client != null) client.close();
        endpoints.forEach(MetricsEndpoint::close);
    }

    /**
     * histogram_quantile interpolates linearly inside the bucket: rank 198 of 200 is 3/5 of the way
     * up.
     */
    private static double expectedP99(String pod) {
        double[] b = BOUNDS.get(pod);
        return b[0] + (b[1] - b[0]) * (198.0 - 195.0) / (200.0 - 195.0);
    }

    private static String exposition(String pod, double[] bounds) {
        StringBuilder sb = new StringBuilder("# TYPE shop_request_duration_seconds histogram\n");
        for (double le : LE) {
            int count = le < bounds[0] - 1e-9 ? 150 : le < bounds[1] - 1e-9 ? 195 : 200;
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "shop_request_duration_seconds_bucket{pod=\"%s\",le=\"%s\"} %d%n",
                            pod,
                            le,
                            count));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "shop_request_duration_seconds_bucket{pod=\"%s\",le=\"+Inf\"} 200%n",
                        pod));
        sb.append(
                String.format(
                        Locale.ROOT, "shop_request_duration_seconds_count{pod=\"%s\"} 200%n", pod));
        sb.append(
                String.format(
                        Locale.ROOT, "shop_request_duration_seconds_sum{pod=\"%s\"} 20%n", pod));
        sb.append("# TYPE shop_queue_depth gauge\n");
        sb.append(String.format(Locale.ROOT, "shop_queue_depth{pod=\"%s\",worker=\"1\"} 3%n", pod));
        sb.append(String.format(Locale.ROOT, "shop_queue_depth{pod=\"%s\",worker=\"2\"} 4%n", pod));
        return sb.toString();
    }

    private static TraceJob job(String url, String query) {
        TraceJob j = Workloads.job(NS, "slowest", Pick.Slowest);
        PrometheusRanking p = new PrometheusRanking();
        p.setUrl(url);
        p.setQuery(query);
        SlowestBy by = new SlowestBy();
        by.setPrometheus(p);
        j.getSpec().getTarget().setSlowestBy(by);
        assertThat(SpecValidator.validate(j.getSpec())).isEmpty();
        return j;
    }

    private static List<PodTarget> candidates(String... pods) {
        return java.util.Arrays.stream(pods)
                .map(p -> new PodTarget(p, NS, "node-1", "uid-" + p, "app", "containerd://" + p))
                .toList();
    }

    private static PrometheusClient client;

    /** Answers as the reconciler gets them: ask, wait for the listener, ask again. */
    static Selection pickNow(
            PrometheusClient client, String url, String query, List<PodTarget> candidates)
            throws Exception {
        PrometheusQueries<ResourceID> queries = new PrometheusQueries<>(client);
        CountDownLatch answered = new CountDownLatch(1);
        queries.listen(id -> answered.countDown());
        PrometheusPicker picker = new PrometheusPicker(queries, Duration.ofSeconds(1));
        TraceJob job = job(url, query);
        Optional<Selection> first = picker.pick(job, candidates, why -> {});
        if (first.isPresent()) return first.get();
        assertThat(answered.await(30, TimeUnit.SECONDS)).as("an answer or a failure").isTrue();
        return picker.pick(job, candidates, why -> {}).orElseThrow();
    }

    private static Selection pickNow(String query, List<PodTarget> candidates) throws Exception {
        return pickNow(client, prometheus.url(), query, candidates);
    }

    private static OperatorConfig.Builder allowed(OperatorConfig.Builder b) {
        return b.prometheus(b.prometheus().withAllowedUrls(List.of(prometheus.url())));
    }

    @Test
    void highestValueWinsAndEveryCandidateIsRecorded() throws Exception {
        Selection s = pickNow(P99, candidates("shop-a", "shop-b", "shop-c", "shop-d"));
        assertThat(s.targets()).extracting(PodTarget::pod).containsExactly("shop-b");
        assertThat(s.ranked())
                .extracting(Candidate::getPod)
                .containsExactly("shop-b", "shop-a", "shop-c", "shop-d");
        for (Candidate c : s.ranked().subList(0, 3)) {
            assertThat(c.getValue())
                    .isCloseTo(expectedP99(c.getPod()), org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(s.ranked().get(3).getValue()).isNull();
        assertThat(s.selectedBy())
                .isEqualTo("highest p99 in Prometheus: 0.72 s of 3 pods (1 without a value)");
    }

    @Test
    void severalSeriesForOnePodIsAmbiguousNotAGuess() {
        assertThatThrownBy(() -> pickNow("shop_queue_depth", candidates("shop-a", "shop-b")))
                .isInstanceOfSatisfying(
                        SelectionException.class,
                        e -> assertThat(e.reason().text()).isEqualTo("PrometheusAnswerAmbiguous"))
                .hasMessageMatching(
                        "(?s).*several series for pod shop-[ab] .*worker.*max by \\(pod\\).*");
    }

    @Test
    void emptyAnswerSaysWhatWasLookedFor() {
        assertThatThrownBy(() -> pickNow("shop_no_such_metric", candidates("shop-a", "shop-b")))
                .isInstanceOfSatisfying(
                        SelectionException.class,
                        e -> assertThat(e.reason().text()).isEqualTo("PrometheusNoData"))
                .hasMessageContaining("returned 0 series")
                .hasMessageContaining("shop-a, shop-b")
                .hasMessageContaining("'pod'");
    }

    @Test
    void badQueryCarriesPrometheusError() {
        assertThatThrownBy(() -> pickNow("sum(shop_queue_depth", candidates("shop-a")))
                .isInstanceOfSatisfying(
                        SelectionException.class,
                        e -> assertThat(e.reason().text()).isEqualTo("PrometheusQueryFailed"))
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("bad_data");
    }

    @Test
    void unreachableServerIsAClearCondition() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        PrometheusClient nowhere =
                PrometheusClient.of(
                        List.of("http://127.0.0.1:" + closed), false, null, Duration.ofSeconds(1));
        assertThatThrownBy(
                        () ->
                                pickNow(
                                        nowhere,
                                        "http://127.0.0.1:" + closed,
                                        P99,
                                        candidates("shop-a")))
                .isInstanceOfSatisfying(
                        SelectionException.class,
                        e -> assertThat(e.reason().text()).isEqualTo("PrometheusUnreachable"))
                .hasMessageContaining("http://127.0.0.1:" + closed)
                .hasMessageContaining("slowestBy.prometheus.url")
                .hasMessageContaining("gave up after");
        nowhere.close();
    }

    @Test
    void operatorTracesTheSlowestPodByPrometheus() {
        String result =
                Results.of(Results.latencies(5, 2000, 700_000), StopReason.Completed).toJson();
        try (Harness h =
                new Harness(pod -> Termination.exit(0, result), PrometheusPickerTest::allowed)
                        .startOperator()) {
            BOUNDS.keySet()
                    .forEach(p -> h.workloads.targetPod(NS, p, "node-" + p.charAt(p.length() - 1)));
            h.workloads.create(job(prometheus.url(), P99));
            TraceJob done = h.awaitPhase("slowest", Phase.Succeeded);
            var t = done.getStatus().getTarget();
            assertThat(t.getPod()).isEqualTo("shop-b");
            assertThat(t.getNode()).isEqualTo("node-b");
            assertThat(t.getSelectedBy()).isEqualTo("highest p99 in Prometheus: 0.72 s of 3 pods");
            assertThat(t.getCandidates())
                    .extracting(Candidate::getPod)
                    .containsExactly("shop-b", "shop-a", "shop-c");
            assertThat(h.kubelet.started()).hasSize(1);
        }
    }

    @Test
    void operatorFailsWithTheConditionWhenPrometheusCannotAnswer() {
        try (Harness h =
                new Harness(pod -> Termination.exit(0, "{}"), PrometheusPickerTest::allowed)
                        .startOperator()) {
            BOUNDS.keySet().forEach(p -> h.workloads.targetPod(NS, p, "node-1"));
            h.workloads.create(job(prometheus.url(), "shop_queue_depth"));
            TraceJob failed = h.awaitPhase("slowest", Phase.Failed);
            assertThat(failed.getStatus().getConditions())
                    .anySatisfy(
                            c -> {
                                assertThat(c.getType()).isEqualTo("Selected");
                                assertThat(c.getStatus()).isEqualTo("False");
                                assertThat(c.getReason()).isEqualTo("PrometheusAnswerAmbiguous");
                            });
            assertThat(h.agentPods()).isEmpty();
        }
    }
}
