package io.tracejob.api.v1alpha1.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.api.v1alpha1.HumanDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

public class AsciiHistogramTest {
    /** The agent's histogram range (HdrLayout): one hour in nanoseconds. */
    static final long ONE_HOUR_NANOS = 3_600_000_000_000L;

    private static final Pattern ROW =
            Pattern.compile("^(\\[[^\\]\\)]*[\\]\\)])\\s+(\\d+) \\|([@ ]*)\\|$");

    record ParsedRow(String label, long count, int bar) {}

    static List<ParsedRow> parseRows(String rendered) {
        List<ParsedRow> rows = new ArrayList<>();
        for (String line : rendered.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches())
                rows.add(
                        new ParsedRow(
                                m.group(1),
                                Long.parseLong(m.group(2)),
                                m.group(3).replace(" ", "").length()));
        }
        return rows;
    }

    static String summaryValue(String rendered, String key) {
        Matcher m =
                Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=(\\S+)", Pattern.MULTILINE)
                        .matcher(rendered);
        assertThat(m.find()).as("render has %s=", key).isTrue();
        return m.group(1);
    }

    /**
     * A long-tailed latency set like the sample match engine's: mostly µs, some tens of µs, a few
     * ms.
     */
    public static long[] longTail(SplittableRandom rnd, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(1000);
            v[i] =
                    r < 950
                            ? rnd.nextLong(2_000, 6_000)
                            : r < 999
                                    ? rnd.nextLong(20_000, 80_000)
                                    : rnd.nextLong(500_000, 2_000_000);
        }
        return v;
    }

    @Test
    void rowCountsAreExactPowerOfTwoCountsOfTheRawValues() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int digits = 1; digits <= 3; digits++) {
            for (int trial = 0; trial < 20; trial++) {
                Histogram h = new Histogram(1, ONE_HOUR_NANOS, digits);
                long[] values =
                        trial % 2 == 0
                                ? longTail(rnd, 5_000)
                                : rnd.longs(3_000, 0, ONE_HOUR_NANOS)
                                        .map(x -> x >>> rnd.nextInt(42))
                                        .toArray();
                long[] expectedPerRow = new long[64];
                for (long v : values) {
                    h.recordValue(v);
                    expectedPerRow[
                            AsciiHistogram.rowOf(
                                    v)]++; // straight from the raw value, not from the histogram
                }
                List<AsciiHistogram.Row> rows = AsciiHistogram.rows(h);
                long sum = 0;
                for (AsciiHistogram.Row row : rows) {
                    assertThat(row.count())
                            .as("row %s (digits %d)", row, digits)
                            .isEqualTo(expectedPerRow[AsciiHistogram.rowOf(row.lo())]);
                    sum += row.count();
                }
                assertThat(sum).isEqualTo(values.length);
                List<ParsedRow> parsed = parseRows(AsciiHistogram.render(h, 40, ValueUnit.PLAIN));
                assertThat(parsed).hasSize(rows.size());
                assertThat(parsed.stream().mapToLong(ParsedRow::count).sum())
                        .isEqualTo(h.getTotalCount());
            }
        }
    }

    @Test
    void rowBoundariesAreTrimmedPowersOfTwoWithInteriorGapsKept() {
        Histogram h = new Histogram(1, ONE_HOUR_NANOS, 3);
        for (long v : new long[] {5, 6, 7, 4096, 8191, 8191, 8192}) h.recordValue(v);
        List<ParsedRow> rows = parseRows(AsciiHistogram.render(h, 20, ValueUnit.PLAIN));
        assertThat(rows.get(0)).isEqualTo(new ParsedRow("[4, 8)", 3, 20));
        assertThat(rows.get(rows.size() - 1)).isEqualTo(new ParsedRow("[8192, 16384)", 1, 6));
        assertThat(rows)
                .contains(new ParsedRow("[4096, 8192)", 3, 20), new ParsedRow("[512, 1024)", 0, 0));
        assertThat(rows).hasSize(12); // [2^2, 2^3) .. [2^13, 2^14)

        Histogram zeros = new Histogram(1, 1000, 2);
        zeros.recordValue(0);
        zeros.recordValue(1);
        List<ParsedRow> z = parseRows(AsciiHistogram.render(zeros, 10, ValueUnit.PLAIN));
        assertThat(z).containsExactly(new ParsedRow("[0]", 1, 10), new ParsedRow("[1, 2)", 1, 10));
    }

    @Test
    void timeRowsUseHumanUnitsAndTheTailStaysVisible() {
        Histogram h = new Histogram(1, ONE_HOUR_NANOS, 2);
        for (long v : longTail(new SplittableRandom(3), 100_000)) h.recordValue(v);
        String out = AsciiHistogram.render(h, 40);
        List<ParsedRow> rows = parseRows(out);
        assertThat(rows.get(0).label())
                .isEqualTo(
                        "[" + HumanDuration.format(1024) + ", " + HumanDuration.format(2048) + ")");
        assertThat(rows)
                .anyMatch(
                        r ->
                                r.label()
                                        .equals(
                                                "["
                                                        + HumanDuration.format(1L << 20)
                                                        + ", "
                                                        + HumanDuration.format(1L << 21)
                                                        + ")"));
        assertThat(rows.stream().mapToInt(ParsedRow::bar).max()).hasValue(40);
        assertThat(rows).allMatch(r -> r.count() == 0 || r.bar() >= 1);
    }

    @Test
    void percentilesReadFromTheRenderEqualTheHistograms() {
        Histogram h = new Histogram(1, ONE_HOUR_NANOS, 3);
        for (long v : longTail(new SplittableRandom(11), 200_000)) h.recordValue(v);
        String plain = AsciiHistogram.render(h, 30, ValueUnit.PLAIN);
        assertThat(Long.parseLong(summaryValue(plain, "p99")))
                .isEqualTo(h.getValueAtPercentile(99));
        assertThat(Long.parseLong(summaryValue(plain, "p99.9")))
                .isEqualTo(h.getValueAtPercentile(99.9));
        assertThat(Long.parseLong(summaryValue(plain, "p50")))
                .isEqualTo(h.getValueAtPercentile(50));
        assertThat(Long.parseLong(summaryValue(plain, "max"))).isEqualTo(h.getMaxValue());
        assertThat(Long.parseLong(summaryValue(plain, "count"))).isEqualTo(h.getTotalCount());
        String nanos = AsciiHistogram.render(h, 30);
        assertThat(summaryValue(nanos, "p99"))
                .isEqualTo(HumanDuration.format(h.getValueAtPercentile(99)));
        assertThat(summaryValue(nanos, "p99.99"))
                .isEqualTo(HumanDuration.format(h.getValueAtPercentile(99.99)));
    }

    @Test
    void finerRowsSplitEachPowerOfTwoExactlyAndSumToTheCount() {
        SplittableRandom rnd = new SplittableRandom(13);
        Histogram h = new Histogram(1, ONE_HOUR_NANOS, 2);
        long[] values = longTail(rnd, 20_000);
        for (long v : values) h.recordValue(v);
        for (int perDoubling = 1; perDoubling <= 128; perDoubling *= 2) {
            List<AsciiHistogram.Row> rows = AsciiHistogram.rows(h, perDoubling);
            for (AsciiHistogram.Row row : rows) {
                // straight from the raw values: a row is exact when no bucket straddles its edges
                long expected = 0;
                for (long v : values) if (v >= row.lo() && v < row.hi()) expected++;
                assertThat(row.count())
                        .as("%s at %d per doubling", row, perDoubling)
                        .isEqualTo(expected);
                assertThat(row.hi() - row.lo())
                        .isEqualTo(Math.max(1, Long.highestOneBit(row.lo()) / perDoubling));
            }
            assertThat(rows.stream().mapToLong(AsciiHistogram.Row::count).sum())
                    .isEqualTo(values.length);
        }
        assertThat(AsciiHistogram.maxRowsPerDoubling(h)).isEqualTo(128);
        assertThatThrownBy(() -> AsciiHistogram.rows(h, 256))
                .hasMessageContaining(
                        "finer than the histogram's precision (2 significant digits): at most 128");
        assertThatThrownBy(() -> AsciiHistogram.rows(h, 3)).hasMessageContaining("power of two");
        int readable = AsciiHistogram.readableRowsPerDoubling(h, 24);
        assertThat(AsciiHistogram.rows(h, readable)).hasSizeLessThanOrEqualTo(24);
        assertThat(AsciiHistogram.rows(h, readable * 2)).hasSizeGreaterThan(24);
    }

    @Test
    void emptyHistogram() {
        assertThat(AsciiHistogram.render(new Histogram(1, 1000, 2), 10))
                .isEqualTo("(no samples)\n");
    }
}
