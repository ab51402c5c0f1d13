package io.tracejob.operator.bench;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.PrometheusRanking;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.ScriptedHttpServer;
import io.tracejob.operator.testsupport.ScriptedHttpServer.Reply;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Pick Slowest by a Prometheus that takes 2 s to answer, 40 such TraceJobs at once on 4 reconcile
 * threads, and 40 plain TraceJobs beside them: the slowest reconcile pass, and how long each kind
 * takes to Running. With the query on a reconcile thread every pass of the first kind held a thread
 * for 2 s; off the thread it does not. Run with {@code -Dtracejob.benchmark=true}.
 */
class SlowPrometheusBenchmark {
    private static final int JOBS = 40;
    private static final Duration ANSWER_DELAY = Duration.ofSeconds(2);

    @Test
    void aSlowPrometheusHoldsNoReconcileThread() throws Exception {
        Assumptions.assumeTrue(
                Boolean.getBoolean("tracejob.benchmark"),
                "benchmark: run with -Dtracejob.benchmark=true");
        String answer = ScriptedHttpServer.vector("{\"pod\":\"shop-0\"}", "1");
        String result =
                Results.of(Results.latencies(1, 1000, 50_000), StopReason.Completed).toJson();
        try (var prometheus = new ScriptedHttpServer(Reply.of(200, answer).after(ANSWER_DELAY));
                Harness h =
                        new Harness(
                                p -> Termination.exit(0, result),
                                b ->
                                        b.reconcileThreads(4)
                                                .maxAgentsPerNode(2 * JOBS)
                                                .prometheus(
                                                        b.prometheus()
                                                                .withAllowedUrls(
                                                                        List.of(prometheus.url()))
                                                                .withTimeout(
                                                                        Duration.ofSeconds(5))))) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-0", "node-0");
            h.startOperator();
            long t0 = System.nanoTime();
            for (int i = 0; i < JOBS; i++) {
                h.workloads.create(ranked("ranked-" + i, prometheus.url()));
                h.workloads.create(Workloads.jobForPod(NS, "plain-" + i, "shop-0"));
            }
            double plain = secondsUntilRunning(h, "plain-", t0);
            double ranked = secondsUntilRunning(h, "ranked-", t0);
            Timer timer = h.registry.find("operator.sdk.controllers.execution.reconcile").timer();
            assertThat(timer).isNotNull();
            System.out.printf(
                    Locale.ROOT,
                    "BENCHMARK slow-prometheus answerDelay=%ds jobs=%d+%d threads=4 plainAllRunning=%.2fs"
                            + " rankedAllRunning=%.2fs prometheusRequests=%d reconciles=%d"
                            + " reconcileMean=%.1fms reconcileMax=%.1fms%n",
                    ANSWER_DELAY.toSeconds(),
                    JOBS,
                    JOBS,
                    plain,
                    ranked,
                    prometheus.seen().size(),
                    timer.count(),
                    timer.mean(TimeUnit.MILLISECONDS),
                    timer.max(TimeUnit.MILLISECONDS));
        }
    }

    private static TraceJob ranked(String name, String url) {
        TraceJob j = Workloads.job(NS, name, Pick.Slowest);
        PrometheusRanking p = new PrometheusRanking();
        p.setUrl(url);
        p.setQuery("max by (pod) (p99)");
        SlowestBy by = new SlowestBy();
        by.setPrometheus(p);
        j.getSpec().getTarget().setSlowestBy(by);
        return j;
    }

    private static double secondsUntilRunning(Harness h, String prefix, long t0) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                h
                                                .client
                                                .resources(TraceJob.class)
                                                .inNamespace(NS)
                                                .list()
                                                .getItems()
                                                .stream()
                                                .filter(
                                                        j ->
                                                                j.getMetadata()
                                                                        .getName()
                                                                        .startsWith(prefix))
                                                .filter(
                                                        j ->
                                                                j.getStatus() != null
                                                                        && j.getStatus().getPhase()
                                                                                == Phase.Running)
                                                .count()
                                        == JOBS);
        return (System.nanoTime() - t0) / 1e9;
    }
}
