package io.tracejob.operator.bench;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 1,000 TraceJobs created at once on the mock API server: time until all are Running, reconcile
 * latency (JOSDK's timer), heap. Run with {@code -Dtracejob.benchmark=true}; prints one line of
 * figures. The heap figure is of the whole test JVM (mock API server, fake kubelet and client
 * included): an upper bound.
 */
class ThousandJobsBenchmark {
    private static final int JOBS = 1000;
    private static final int PODS = 100;

    @Test
    void thousandTraceJobsAtOnce() {
        Assumptions.assumeTrue(
                Boolean.getBoolean("tracejob.benchmark"),
                "benchmark: run with -Dtracejob.benchmark=true");
        String result =
                Results.of(Results.latencies(1, 1000, 50_000), StopReason.Completed).toJson();
        int threads = Integer.getInteger("tracejob.benchmark.threads", 16);
        try (Harness h =
                new Harness(
                        p -> Termination.exit(0, result),
                        b -> b.maxAgentsPerNode(JOBS / PODS).reconcileThreads(threads))) {
            h.kubelet.hold();
            for (int i = 0; i < PODS; i++) h.workloads.targetPod(NS, "shop-" + i, "node-" + i);
            h.startOperator();
            long t0 = System.nanoTime();
            java.util.stream.IntStream.range(0, JOBS)
                    .parallel()
                    .forEach(
                            i ->
                                    h.workloads.create(
                                            Workloads.jobForPod(
                                                    NS, "job-" + i, "shop-" + (i % PODS))));
            long created = System.nanoTime();
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(250))
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
                                                                    j.getStatus() != null
                                                                            && j.getStatus()
                                                                                            .getPhase()
                                                                                    == Phase
                                                                                            .Running)
                                                    .count()
                                            == JOBS);
            long running = System.nanoTime();
            System.gc();
            long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long heapPeak =
                    ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> p.getType() == MemoryType.HEAP)
                            .mapToLong(p -> p.getPeakUsage().getUsed())
                            .sum();
            Timer timer = h.registry.find("operator.sdk.controllers.execution.reconcile").timer();
            assertThat(timer).isNotNull();
            var snap = timer.takeSnapshot();
            System.out.printf(
                    Locale.ROOT,
                    "BENCHMARK jobs=%d threads=%d create=%.2fs allRunning=%.2fs reconciles=%d reconcileP50<=%.1fms"
                            + " reconcileP99<=%.1fms max=%.1fms heapAfterGc=%dMiB heapPeakSum=%dMiB%n",
                    JOBS,
                    threads,
                    (created - t0) / 1e9,
                    (running - t0) / 1e9,
                    snap.count(),
                    bucketQuantile(snap.histogramCounts(), snap.count(), 0.50),
                    bucketQuantile(snap.histogramCounts(), snap.count(), 0.99),
                    snap.max(java.util.concurrent.TimeUnit.MILLISECONDS),
                    heapUsed >> 20,
                    heapPeak >> 20);
            assertThat(h.agentPods()).hasSize(JOBS);
        }
    }

    /** Upper bound of the bucket holding quantile {@code q}, in ms. */
    private static double bucketQuantile(CountAtBucket[] buckets, long count, double q) {
        double rank = Math.ceil(q * count);
        for (CountAtBucket b : buckets) {
            if (b.count() >= rank) return b.bucket(java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return Double.NaN;
    }
}
