package io.tracejob.agent.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.api.v1alpha1.IntervalSnapshot;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageTest {
    private static final List<String> ORDER =
            List.of("intervals:", "histogram:", "warnings:", "attachPoint:", "message:");

    @TempDir Path tmp;

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The fields the operator's decisions rest on are byte-for-byte the same. */
    private static void assertCoreUnchanged(Result before, Result after) {
        assertThat(after.getCount()).isEqualTo(before.getCount());
        assertThat(after.getMinNanos()).isEqualTo(before.getMinNanos());
        assertThat(after.getMaxNanos()).isEqualTo(before.getMaxNanos());
        assertThat(after.getMeanNanos()).isEqualTo(before.getMeanNanos());
        assertThat(after.getPercentiles())
                .usingRecursiveComparison()
                .isEqualTo(before.getPercentiles());
        assertThat(after.getStopReason()).isEqualTo(before.getStopReason());
        assertThat(after.getMessage()).isEqualTo(before.getMessage());
        assertThat(after.getInFlight()).usingRecursiveComparison().isEqualTo(before.getInFlight());
        assertThat(after.getOverhead()).usingRecursiveComparison().isEqualTo(before.getOverhead());
        assertThat(after.getProcessesTraced()).isEqualTo(before.getProcessesTraced());
    }

    /**
     * Degradations come in the documented order: each step's family never precedes an earlier
     * family's.
     */
    private static void assertInOrder(List<String> degradations) {
        int last = -1;
        for (String d : degradations) {
            int family = -1;
            for (int i = 0; i < ORDER.size(); i++) if (d.startsWith(ORDER.get(i))) family = i;
            assertThat(family).as("known degradation: " + d).isGreaterThanOrEqualTo(0);
            assertThat(family).as("order of " + degradations).isGreaterThanOrEqualTo(last);
            last = family;
        }
    }

    @Test
    void aSmallResultIsWrittenAsIs() {
        Result r = Results.big(1, 5, 2, 1, 40);
        r.setHistogram(null);
        Fitted f = TerminationMessage.fit(r);
        assertThat(f.degradations()).isEmpty();
        assertThat(f.json()).isEqualTo(r.toJson());
    }

    @Test
    void aBigResultDegradesInOrderAndStillCarriesTheCore() {
        Result r = Results.big(42, 400, 3, 40, 300);
        String before = r.toJson();
        assertThat(bytes(before)).isGreaterThan(40_000);

        Fitted f = TerminationMessage.fit(r, TerminationMessageFormat.MAX_BYTES);

        assertThat(bytes(f.json())).isLessThanOrEqualTo(4096).isEqualTo(f.bytes());
        assertThat(r.toJson()).as("input untouched").isEqualTo(before);
        Result back = Result.fromJson(f.json());
        assertCoreUnchanged(r, back);
        assertInOrder(f.degradations());
        assertThat(f.degradations().get(0)).isEqualTo("intervals: dropped all 400");
        assertThat(f.degradations()).anyMatch(d -> d.startsWith("histogram:"));
        String summary = back.getWarnings().get(back.getWarnings().size() - 1);
        assertThat(summary)
                .startsWith(
                        "result cut to fit the 4096-byte termination message (was "
                                + bytes(before)
                                + " bytes)");
        for (String d : f.degradations()) assertThat(summary).contains(d);
    }

    @Test
    void intervalsGoOldestFirstAndOnlyAsManyAsNeeded() {
        Result r = Results.big(7, 120, 2, 0, 0);
        r.setHistogram(null);
        Fitted f = TerminationMessage.fit(r);

        Result back = Result.fromJson(f.json());
        List<IntervalSnapshot> kept = back.getIntervals();
        assertThat(f.degradations()).hasSize(1);
        assertThat(f.degradations().get(0))
                .isEqualTo("intervals: dropped the oldest " + (120 - kept.size()) + " of 120");
        // the newest are kept, in order
        List<IntervalSnapshot> all = r.getIntervals();
        assertThat(kept)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(all.subList(120 - kept.size(), 120));
        // as few as needed: one interval more would not have fitted
        Result more = Result.fromJson(f.json());
        more.getIntervals().add(0, all.get(120 - kept.size() - 1));
        assertThat(bytes(more.toJson())).isGreaterThan(4096);
        assertThat(bytes(f.json())).isLessThanOrEqualTo(4096);
    }

    @Test
    void histogramIsReEncodedAtFewerDigitsWithTheSameCounts() {
        Result r = Results.big(3, 0, 3, 0, 0);
        Histogram original = r.decodeHistogram();
        Fitted f = TerminationMessage.fit(r);
        Result back = Result.fromJson(f.json());

        // 200 k log-normal values over 6 decades: ~12 KB at 3 digits, too big at 2, ~1.8 KB at 1
        assertThat(f.degradations())
                .containsExactly(
                        "histogram: re-encoded at 2 significant digits (was 3; percentiles keep 3)",
                        "histogram: re-encoded at 1 significant digit (was 3; percentiles keep 3)");
        Histogram coarse = back.decodeHistogram();
        assertThat(coarse.getNumberOfSignificantValueDigits())
                .isEqualTo(back.getSignificantDigits())
                .isLessThan(3);
        assertThat(coarse.getTotalCount()).isEqualTo(original.getTotalCount());
        // coarser buckets: every percentile within the coarse precision of the original
        for (double q : new double[] {50, 90, 99, 99.9}) {
            long exact = original.getValueAtPercentile(q);
            assertThat((double) coarse.getValueAtPercentile(q))
                    .isCloseTo(
                            exact,
                            org.assertj.core.data.Percentage.withPercentage(
                                    coarse.getNumberOfSignificantValueDigits() == 2
                                            ? 1
                                            : 7)); // bucket width 1/128, 1/16
        }
        assertCoreUnchanged(r, back);
    }

    @Test
    void hugeWarningsAndMessageStillFit() {
        Result r = Results.big(5, 50, 3, 200, 2_000);
        r.setMessage(
                "ünïcödé ✓ ".repeat(600)); // 6,600 chars, multi-byte: nothing else can make room
        Fitted f = TerminationMessage.fit(r);
        assertThat(bytes(f.json())).isLessThanOrEqualTo(4096);
        Result back = Result.fromJson(f.json());
        assertInOrder(f.degradations());
        assertThat(f.degradations())
                .anyMatch(d -> d.startsWith("warnings: dropped the last 200 of 200"));
        assertThat(f.degradations().get(f.degradations().size() - 1))
                .startsWith("message: cut to ");
        assertThat(r.getMessage())
                .startsWith(back.getMessage().substring(0, back.getMessage().length() - 1));
        assertThat(back.getPercentiles()).usingRecursiveComparison().isEqualTo(r.getPercentiles());
        assertThat(back.getCount()).isEqualTo(r.getCount());
    }

    @Test
    void manyRandomShapesAlwaysFit() {
        Random rnd = new Random(2026);
        for (int i = 0; i < 60; i++) {
            Result r =
                    Results.big(
                            rnd.nextLong(),
                            rnd.nextInt(500),
                            1 + rnd.nextInt(3),
                            rnd.nextInt(60),
                            20 + rnd.nextInt(600));
            Fitted f = TerminationMessage.fit(r);
            assertThat(bytes(f.json())).as("case " + i).isLessThanOrEqualTo(4096);
            Result back = Result.fromJson(f.json());
            assertCoreUnchanged(r, back);
            assertInOrder(f.degradations());
        }
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNoTemporaries() throws Exception {
        Path file = tmp.resolve("termination-log");
        Files.writeString(file, "x".repeat(10_000));
        Result r = Results.big(9, 300, 3, 10, 200);
        Fitted f = TerminationMessage.write(r, file);
        assertThat(Files.readString(file)).isEqualTo(f.json());
        assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("termination-log");
        }
    }

    @Test
    void limitBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> TerminationMessage.fit(new Result(), 100))
                .hasMessageContaining("below the minimum 1024");
    }
}
