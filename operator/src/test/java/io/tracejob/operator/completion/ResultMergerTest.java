package io.tracejob.operator.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.operator.testsupport.Results;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultMergerTest {

    @Test
    void mergedFiguresAreThoseOfAllCallsTogether() {
        Histogram a = Results.latencies(1, 20_000, 10_000);
        Histogram b = Results.latencies(2, 5_000, 900_000); // one slow pod
        Map<String, Result> byPod = new LinkedHashMap<>();
        byPod.put("shop-a", Results.of(a, StopReason.Completed));
        byPod.put("shop-b", Results.of(b, StopReason.Completed));

        Result merged = ResultMerger.merge(byPod);

        Histogram all = a.copy();
        all.add(b);
        assertThat(merged.getCount()).isEqualTo(25_000);
        assertThat(merged.getPercentiles().getP50()).isEqualTo(all.getValueAtPercentile(50));
        assertThat(merged.getPercentiles().getP99()).isEqualTo(all.getValueAtPercentile(99));
        assertThat(merged.getPercentiles().getP9999()).isEqualTo(all.getValueAtPercentile(99.99));
        assertThat(merged.getMinNanos()).isEqualTo(Math.min(a.getMinValue(), b.getMinValue()));
        assertThat(merged.getMaxNanos()).isEqualTo(all.getMaxValue());
        assertThat(merged.decodeHistogram()).isEqualTo(all);
        assertThat(merged.getOverhead().getFirings()).isEqualTo(2 * 25_000);
        assertThat(merged.getProcessesTraced()).isEqualTo(2);
        assertThat(merged.getWarnings()).anyMatch(w -> w.contains("merged from 2 pods"));
        // the merged p99 is not any pod's own p99
        assertThat(merged.getPercentiles().getP99())
                .isNotIn(a.getValueAtPercentile(99), b.getValueAtPercentile(99));
    }

    @Test
    void aSingleResultIsKeptAsIs() {
        Result r = Results.of(Results.latencies(3, 100, 1000), StopReason.Completed);
        assertThat(ResultMerger.merge(Map.of("p", r))).isSameAs(r);
    }

    @Test
    void aPartialPodMakesTheMergeReportItsStopReason() {
        Map<String, Result> byPod = new LinkedHashMap<>();
        byPod.put("shop-a", Results.of(Results.latencies(1, 100, 10_000), StopReason.Completed));
        byPod.put(
                "shop-b", Results.of(Results.latencies(2, 100, 10_000), StopReason.BudgetExceeded));
        Result merged = ResultMerger.merge(byPod);
        assertThat(merged.getStopReason()).isEqualTo(StopReason.BudgetExceeded);
        assertThat(merged.getMessage()).startsWith("shop-b:");
    }
}
