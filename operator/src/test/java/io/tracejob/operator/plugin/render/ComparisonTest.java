package io.tracejob.operator.plugin.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Workloads;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * "Beyond precision" against real histograms: the same calls shifted by one bucket are within
 * precision, shifted by several buckets they are not.
 */
class ComparisonTest {
    private static final TraceJob A = Workloads.job("shop", "a", Pick.Any);
    private static final TraceJob B = Workloads.job("shop", "b", Pick.Any);

    private static Result shifted(Histogram base, long by) {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 2);
        base.recordedValues()
                .forEach(
                        v ->
                                h.recordValueWithCount(
                                        v.getValueIteratedTo() + by,
                                        v.getCountAtValueIteratedTo()));
        return Results.of(h, StopReason.Completed);
    }

    private static String p50Row(String table) {
        return table.lines().filter(l -> l.startsWith("p50 ")).findFirst().orElseThrow();
    }

    @Test
    void aOneBucketShiftIsWithinPrecisionAndALargerOneIsNot() {
        Histogram base = Results.latencies(5, 20_000, 40_000);
        Result a = Results.of(base, StopReason.Completed);
        long p50 = a.getPercentiles().getP50();
        long bucket = base.sizeOfEquivalentValueRange(p50);

        String oneBucket = Comparison.render(A, a, B, shifted(base, bucket));
        assertThat(p50Row(oneBucket)).contains("no (within one bucket, " + bucket + "ns)");

        String fourBuckets = Comparison.render(A, a, B, shifted(base, 4 * bucket));
        assertThat(p50Row(fourBuckets)).endsWith("yes").contains("+");
    }

    @Test
    void durationsAreNotComparedWithPlainValues() {
        TraceJob counts = Workloads.job("shop", "c", Pick.Any);
        counts.getSpec().getProbe().setMeasure(Measure.Value);
        Result r = Results.of(Results.latencies(1, 100, 1000), StopReason.Completed);
        assertThatThrownBy(() -> Comparison.render(A, r, counts, r))
                .hasMessageContaining("not comparable");
    }
}
