package io.tracejob.agent.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A bpftrace {@code hist()}-style text histogram of an exact HdrHistogram: one row per power-of-two
 * range, followed by exact percentiles.
 *
 * <pre>
 * [2.05µs, 4.1µs)     9512 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
 * [4.1µs, 8.19µs)      311 |@                                       |
 * </pre>
 *
 * Rows are {@code [0]}, then {@code [2^k, 2^(k+1))}. Their counts are exact, not re-bucketed
 * estimates: every HdrHistogram bucket lies inside one power-of-two range (a sub-bucket of bucket b
 * spans 2^b values aligned to 2^b, inside [2^(halfMag+b), 2^(halfMag+b+1))), so each bucket's count
 * belongs wholly to one row. Boundaries are powers of two in the value's own unit, so in time units
 * they read e.g. {@code 4.1µs} (4096 ns) — exact rather than rounded to look tidy.
 */
public final class AsciiHistogram {
    private AsciiHistogram() {}

    /** The percentiles printed below the rows. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    public static String render(Histogram h, int width) {
        return render(h, width, ValueUnit.NANOS);
    }

    public static String render(Histogram h, int width, ValueUnit unit) {
        if (width < 1)
            throw new IllegalArgumentException("width must be >= 1 character, got " + width);
        if (h.getTotalCount() == 0) return "(no samples)\n";

        List<Row> rows = rows(h);
        long maxCount = rows.stream().mapToLong(Row::count).max().orElse(1);
        List<String> labels = new ArrayList<>();
        for (Row r : rows) labels.add(r.label(unit));
        int labelWidth = labels.stream().mapToInt(String::length).max().orElse(0);
        int countWidth = Long.toString(maxCount).length();

        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            long count = rows.get(i).count();
            out.append(pad(labels.get(i), labelWidth))
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%" + countWidth + "d", count))
                    .append(" |")
                    .append(bar(count, maxCount, width))
                    .append("|\n");
        }
        out.append('\n').append(summary(h, unit));
        return out.toString();
    }

    /**
     * {@code count=… min=… max=…} then the percentile line — values exactly as HdrHistogram reports
     * them.
     */
    static String summary(Histogram h, ValueUnit unit) {
        StringBuilder s = new StringBuilder();
        s.append("count=")
                .append(h.getTotalCount())
                .append("  min=")
                .append(unit.format(h.getMinValue()))
                .append("  max=")
                .append(unit.format(h.getMaxValue()))
                .append('\n');
        for (int i = 0; i < PERCENTILES.length; i++) {
            if (i > 0) s.append("  ");
            s.append(percentileLabel(PERCENTILES[i]))
                    .append('=')
                    .append(unit.format(h.getValueAtPercentile(PERCENTILES[i])));
        }
        return s.append('\n').toString();
    }

    static String percentileLabel(double p) {
        return "p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p));
    }

    /** A power-of-two range [lo, hi) — or the single value 0 when {@code hi == 1 && lo == 0}. */
    record Row(long lo, long hi, long count) {
        String label(ValueUnit unit) {
            if (lo == 0) return "[" + unit.format(0) + "]";
            return "[" + unit.format(lo) + ", " + unit.format(hi) + ")";
        }
    }

    /**
     * Power-of-two rows from the lowest to the highest non-empty one, empty rows in between kept.
     */
    static List<Row> rows(Histogram h) {
        // row 0 holds value 0; row k >= 1 holds [2^(k-1), 2^k); 64 rows cover every non-negative
        // long
        long[] counts = new long[64];
        for (HistogramIterationValue v : h.recordedValues()) {
            long lowest = h.lowestEquivalentValue(v.getValueIteratedTo());
            counts[rowOf(lowest)] += v.getCountAtValueIteratedTo();
        }
        int first = 0, last = counts.length - 1;
        while (counts[first] == 0) first++;
        while (counts[last] == 0) last--;
        List<Row> rows = new ArrayList<>();
        for (int k = first; k <= last; k++) {
            long lo = k == 0 ? 0 : 1L << (k - 1);
            long hi = k == 0 ? 1 : (k == 63 ? Long.MAX_VALUE : 1L << k); // 2^63 is not a long
            rows.add(new Row(lo, hi, counts[k]));
        }
        return rows;
    }

    static int rowOf(long value) {
        return value == 0 ? 0 : 64 - Long.numberOfLeadingZeros(value);
    }

    /**
     * Proportional bar; a non-empty row always shows at least one mark so rare tail rows stay
     * visible.
     */
    private static String bar(long count, long maxCount, int width) {
        int n = (int) (count * width / maxCount);
        if (n == 0 && count > 0) n = 1;
        return "@".repeat(n) + " ".repeat(width - n);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
