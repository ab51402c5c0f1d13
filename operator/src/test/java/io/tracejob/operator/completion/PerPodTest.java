package io.tracejob.operator.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.InFlight;
import io.tracejob.api.v1alpha1.PodResult;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.operator.testsupport.Results;
import java.util.List;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PerPodTest {

    private static PerPod.Agent finished(String pod, Result r, String note) {
        return new PerPod.Agent(
                "tj-x-" + pod,
                pod,
                "node-" + pod,
                new AgentOutcome.Finished(r, note != null, note));
    }

    @Test
    void eachEntryHoldsItsOwnResultsFiguresSlowestFirstAndFailuresLast() {
        Histogram fast = Results.latencies(1, 3000, 10_000);
        Histogram slow = Results.latencies(2, 1000, 500_000);
        Result stuck = Results.of(Results.latencies(3, 2000, 50_000), StopReason.TargetExited);
        InFlight inFlight = new InFlight();
        inFlight.setCount(4);
        inFlight.setOldestNanos(9_000_000_000L);
        stuck.setInFlight(inFlight);

        List<PodResult> perPod =
                PerPod.of(
                        List.of(
                                new PerPod.Agent(
                                        "tj-x-a",
                                        "shop-a",
                                        "node-1",
                                        new AgentOutcome.Failed(
                                                FailureReasons.OOM_KILLED, "killed")),
                                finished("fast", Results.of(fast, StopReason.Completed), null),
                                finished("stuck", stuck, "tracing stopped early (TargetExited)"),
                                finished("slow", Results.of(slow, StopReason.Completed), null)));

        assertThat(perPod)
                .extracting(PodResult::getPod)
                .containsExactly("slow", "stuck", "fast", "shop-a");
        PodResult s = perPod.get(0);
        assertThat(s.getCount()).isEqualTo(1000);
        assertThat(s.getPercentiles().getP99()).isEqualTo(slow.getValueAtPercentile(99));
        assertThat(s.getPercentiles().getP50()).isEqualTo(slow.getValueAtPercentile(50));
        assertThat(s.getMaxNanos()).isEqualTo(slow.getMaxValue());
        assertThat(s.getNode()).isEqualTo("node-slow");
        assertThat(s.getAgentPod()).isEqualTo("tj-x-slow");
        assertThat(s.getStopReason()).isEqualTo(StopReason.Completed);
        assertThat(s.getProcessesTraced()).isEqualTo(1);
        assertThat(s.getMessage()).isNull();
        assertThat(s.getReason()).isNull();
        assertThat(s.getInFlight()).isNull();

        PodResult st = perPod.get(1);
        assertThat(st.getStopReason()).isEqualTo(StopReason.TargetExited);
        assertThat(st.getMessage()).isEqualTo("tracing stopped early (TargetExited)");
        assertThat(st.getInFlight().getCount()).isEqualTo(4);

        PodResult failed = perPod.get(3);
        assertThat(failed.getReason()).isEqualTo(FailureReasons.OOM_KILLED);
        assertThat(failed.getMessage()).isEqualTo("killed");
        assertThat(failed.getCount()).isNull();
        assertThat(failed.getPercentiles()).isNull();
        assertThat(failed.getMaxNanos()).isNull();
        assertThat(failed.getStopReason()).isNull();
    }

    @Test
    void aPodThatMeasuredNothingHasACountOfZeroAndNoPercentiles() {
        Result empty = new Result().withDistribution(new Histogram(1, 3_600_000_000_000L, 2), 2);
        empty.setStopReason(StopReason.Completed);
        List<PodResult> perPod =
                PerPod.of(
                        List.of(
                                finished("idle", empty, null),
                                finished(
                                        "busy",
                                        Results.of(
                                                Results.latencies(1, 100, 1000),
                                                StopReason.Completed),
                                        null)));
        assertThat(perPod).extracting(PodResult::getPod).containsExactly("busy", "idle");
        assertThat(perPod.get(1).getCount()).isZero();
        assertThat(perPod.get(1).getPercentiles()).isNull();
        assertThat(perPod.get(1).getMaxNanos()).isNull();
    }

    @Test
    void staysWithinTheSchemasLimits() {
        String huge = "x".repeat(Rules.STATUS_MESSAGE_MAX - 2) + "\uD83D\uDE00" + "y".repeat(5000);
        List<PerPod.Agent> agents =
                IntStream.range(0, Rules.PER_POD_MAX + 5)
                        .mapToObj(
                                i ->
                                        new PerPod.Agent(
                                                "tj-x-" + i,
                                                "pod-" + i,
                                                "node-1",
                                                new AgentOutcome.Failed("R".repeat(300), huge)))
                        .toList();
        List<PodResult> perPod = PerPod.of(agents);
        assertThat(perPod).hasSize(Rules.PER_POD_MAX);
        PodResult p = perPod.get(0);
        assertThat(p.getMessage())
                .hasSize(Rules.STATUS_MESSAGE_MAX - 1)
                .endsWith("x…"); // not half an emoji
        assertThat(p.getReason()).hasSize(Rules.REASON_MAX).endsWith("…");
        assertThat(PerPod.shorten("short", 10)).isEqualTo("short");
        assertThat(PerPod.shorten(null, 10)).isNull();
    }
}
