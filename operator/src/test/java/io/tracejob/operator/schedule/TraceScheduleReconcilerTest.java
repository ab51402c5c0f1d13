package io.tracejob.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.MockCluster;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The schedule controller on the mock API server, with the real TraceJob operator and kubelet. */
class TraceScheduleReconcilerTest {
    private static final String TRADING = "trading";

    /**
     * Each agent pod's result: a histogram and an overhead derived from the TraceJob's name, so
     * each run differs.
     */
    private static Termination resultFor(Pod agent) {
        Result result = Results.of(histogramOf(jobOf(agent)), StopReason.Completed);
        result.getOverhead().setEstimatedCpuPercent(overheadOf(jobOf(agent)));
        return Termination.exit(0, result.toJson());
    }

    private static double overheadOf(String jobName) {
        return 0.01 * (1 + Math.floorMod(jobName.hashCode(), 90));
    }

    private static String jobOf(Pod agent) {
        return AgentLabels.annotation(agent, AgentLabels.JOB_NAME);
    }

    private static Histogram histogramOf(String jobName) {
        return Results.latencies(jobName.hashCode(), 2000, 40_000);
    }

    /**
     * The operator's clock jumps hours ahead of the API server's timestamps: the agent start
     * timeout (measured from the pod's creation) must not fire because of the jump.
     */
    private static Harness shiftedHarness() {
        return new Harness(
                TraceScheduleReconcilerTest::resultFor,
                b -> b.agentStartTimeout(Duration.ofDays(3650)));
    }

    @Test
    void theExampleRunsAtTwoCronTimesKeepsHistoryAndExportsItsResult() throws Exception {
        try (Harness harness = shiftedHarness()) {
            ScheduleHarness s = new ScheduleHarness(harness);
            harness.startOperator(s.clock);
            harness.workloads.targetPod(
                    TRADING, "engine-1", "node-1", Map.of("app", "match-engine"));
            TraceSchedule example =
                    Manifests.readTraceSchedule(
                            MockCluster.repoRoot()
                                    .resolve("docs/examples/hourly-match-order-schedule.yaml"));
            // The test's pods name their container "app".
            example.getSpec().getJobTemplate().getSpec().getTarget().setContainer("app");
            String name = example.getMetadata().getName();
            s.create(example);
            s.awaitStatus(TRADING, name, t -> t.getStatus().getNextScheduleTime() != null);
            assertThat(s.jobs(TRADING, name)).isEmpty();

            Instant first = s.advanceToNextRun(example);
            String firstJob = ScheduledJobs.name(name, first);
            s.awaitJobPhase(TRADING, firstJob, Phase.Succeeded);
            Instant second = s.advanceToNextRun(example);
            String secondJob = ScheduledJobs.name(name, second);
            s.awaitJobPhase(TRADING, secondJob, Phase.Succeeded);

            TraceSchedule done =
                    s.awaitStatus(
                            TRADING,
                            name,
                            t ->
                                    t.getStatus().getHistory() != null
                                            && t.getStatus().getHistory().size() == 2);
            List<ScheduleRun> history = done.getStatus().getHistory();
            assertThat(history)
                    .extracting(ScheduleRun::getJob)
                    .containsExactly(secondJob, firstJob);
            assertThat(history.get(0).getScheduledTime()).isEqualTo(second.toString());
            assertThat(history.get(0).getP99())
                    .isEqualTo(histogramOf(secondJob).getValueAtPercentile(99));
            assertThat(history.get(0).getStopReason()).isEqualTo("Completed");
            assertThat(history)
                    .extracting(ScheduleRun::getOverheadCpuPercent)
                    .containsExactly(overheadOf(secondJob), overheadOf(firstJob));
            assertThat(done.getStatus().getLastScheduleTime()).isEqualTo(second.toString());
            assertThat(done.getStatus().getLastSuccessfulTime()).isNotNull();
            assertThat(done.getStatus().getLastP99()).endsWith("µs");
            double median =
                    (histogramOf(firstJob).getValueAtPercentile(99)
                                    + histogramOf(secondJob).getValueAtPercentile(99))
                            / 2.0;
            assertThat(done.getStatus().getP99VsMedian())
                    .isEqualTo(
                            Trend.format(histogramOf(secondJob).getValueAtPercentile(99) / median));
            TraceJob job = harness.workloads.get(TRADING, secondJob);
            assertThat(job.getMetadata().getLabels()).containsEntry("team", "matching");
            assertThat(job.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getUid()).isEqualTo(done.getMetadata().getUid()));

            String p99Series =
                    "tracejob_schedule_last_latency_seconds{namespace=\"trading\",quantile=\"0.99\",schedule=\""
                            + name
                            + "\"} ";
            String scrape = harness.registry.scrape();
            assertThat(scrape).contains(p99Series);
            double exported = series(scrape, p99Series);
            assertThat(exported * 1e9)
                    .isCloseTo(
                            histogramOf(secondJob).getValueAtPercentile(99),
                            org.assertj.core.data.Offset.offset(1.0));
            assertThat(scrape)
                    .contains(
                            "tracejob_schedule_last_calls{namespace=\"trading\",schedule=\""
                                    + name
                                    + "\"} 2000.0");
            assertThat(
                            series(
                                    scrape,
                                    "tracejob_schedule_last_overhead_cpu_percent{namespace=\"trading\",schedule=\""
                                            + name
                                            + "\"} "))
                    .isEqualTo(overheadOf(secondJob));

            // The dashboard and the alert in docs/monitoring query series that exist.
            Path monitoring = MockCluster.repoRoot().resolve("docs/monitoring");
            for (String doc : List.of("schedule-dashboard.json", "schedule-prometheusrule.yaml")) {
                String text = Files.readString(monitoring.resolve(doc));
                Matcher m = Pattern.compile("tracejob_schedule_[a-z0-9_]+").matcher(text);
                int found = 0;
                while (m.find()) {
                    found++;
                    assertThat(scrape).as(doc).contains(m.group() + "{");
                }
                assertThat(found).as(doc).isPositive();
            }

            harness.client.resource(done).delete();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !harness.registry.scrape().contains("schedule=\"" + name + "\""));
        }
    }

    /** The value of the one scraped line that starts with {@code prefix}. */
    private static double series(String scrape, String prefix) {
        return Double.parseDouble(
                scrape.lines()
                        .filter(l -> l.startsWith(prefix))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no series " + prefix))
                        .substring(prefix.length()));
    }
}
