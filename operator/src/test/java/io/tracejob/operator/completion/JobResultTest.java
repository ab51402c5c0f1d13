package io.tracejob.operator.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.testsupport.Results;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class JobResultTest {
    private static final Histogram A = Results.latencies(1, 20_000, 10_000);
    private static final Histogram B = Results.latencies(2, 5_000, 900_000);

    private static PerPod.Agent finished(String pod, Histogram h, boolean partial, String note) {
        return new PerPod.Agent(
                "tj-" + pod,
                pod,
                "node-1",
                new AgentOutcome.Finished(
                        Results.of(h, partial ? StopReason.DeadlineExceeded : StopReason.Completed),
                        partial,
                        note));
    }

    private static PerPod.Agent failed(String pod, String reason, String message) {
        return new PerPod.Agent(
                "tj-" + pod, pod, "node-1", new AgentOutcome.Failed(reason, message));
    }

    @Test
    void everyAgentFinishedGivesTheMergedResultAndACompleteSummary() {
        JobResult r =
                JobResult.of(
                        List.of(
                                finished("shop-a", A, false, null),
                                finished("shop-b", B, false, null)),
                        Pick.All,
                        Measure.Latency);
        assertThat(r).isInstanceOf(JobResult.Succeeded.class);
        JobResult.Succeeded s = (JobResult.Succeeded) r;
        Histogram all = A.copy();
        all.add(B);
        assertThat(s.merged().getCount()).isEqualTo(25_000);
        assertThat(s.incomplete()).isFalse();
        assertThat(s.summary())
                .isEqualTo(
                        "25000 calls from shop-a, shop-b, p99 "
                                + HumanDuration.format(s.merged().getPercentiles().getP99()));
        assertThat(s.merged().getPercentiles().getP99()).isEqualTo(all.getValueAtPercentile(99));
        assertThat(s.perPod()).extracting(p -> p.getPod()).containsExactly("shop-b", "shop-a");
    }

    @Test
    void onlyPickAllHasAPerPodBreakdown() {
        JobResult r =
                JobResult.of(
                        List.of(finished("shop-a", A, false, null)), Pick.Slowest, Measure.Latency);
        assertThat(r.perPod()).isNull();
    }

    @Test
    void aFailedAgentMakesThePartialSummaryNameItsReasonAndAWarningSayWhy() {
        JobResult.Succeeded s =
                (JobResult.Succeeded)
                        JobResult.of(
                                List.of(
                                        finished("shop-a", A, false, null),
                                        failed(
                                                "shop-b",
                                                FailureReasons.OOM_KILLED,
                                                "agent pod tj-shop-b ran out of memory")),
                                Pick.All,
                                Measure.Latency);
        assertThat(s.incomplete()).isTrue();
        assertThat(s.summary())
                .startsWith("20000 calls from shop-a, p99 ")
                .endsWith(" (partial: AgentOOMKilled)");
        assertThat(s.merged().getWarnings())
                .contains("AgentOOMKilled: agent pod tj-shop-b ran out of memory");
        assertThat(s.perPod()).hasSize(2);
    }

    @Test
    void anAgentCutShortMakesThePartialSummaryCarryItsNote() {
        JobResult.Succeeded s =
                (JobResult.Succeeded)
                        JobResult.of(
                                List.of(
                                        finished(
                                                "shop-a",
                                                A,
                                                true,
                                                "stopped at the deadline after 12s of 30s")),
                                Pick.Slowest,
                                Measure.Latency);
        assertThat(s.incomplete()).isTrue();
        assertThat(s.summary())
                .endsWith(" (partial: shop-a: stopped at the deadline after 12s of 30s)");
        assertThat(s.merged().getWarnings())
                .contains("shop-a: stopped at the deadline after 12s of 30s");
    }

    @Test
    void noResultFailsWithTheFirstAgentsReasonAndCountsTheOthers() {
        JobResult r =
                JobResult.of(
                        List.of(
                                failed("shop-a", FailureReasons.EVICTED, "evicted from node-1"),
                                failed("shop-b", FailureReasons.OOM_KILLED, "out of memory")),
                        Pick.All,
                        Measure.Latency);
        assertThat(r)
                .isEqualTo(
                        new JobResult.Failed(
                                r.perPod(),
                                EventReason.AGENT_EVICTED,
                                "evicted from node-1 (and 1 more agent failures)"));
        assertThat(r.perPod()).as("pick All reports each pod's failure too").hasSize(2);
    }
}
