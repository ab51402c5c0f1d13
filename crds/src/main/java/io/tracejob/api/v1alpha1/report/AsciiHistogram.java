package io.tracejob.api.v1alpha1.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
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
 *
 * <p>A finer resolution splits each power of two into {@code rowsPerDoubling} equal rows (a power
 * of two). They stay exact as long as they are no narrower than the histogram's own sub-buckets
 * (128 per doubling at 2 significant digits): a sub-bucket is a power-of-two-wide aligned range, so
 * it lies wholly inside one such row. A finer request is refused rather than estimated.
 */
public final class AsciiHistogram {
    private AsciiHistogram() {}

    /** The percentiles printed below the rows. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    public static String render(Histogram h, int width) {
        return render(h, width, ValueUnit.NANOS);
    }

    public static String render(Histogram h, int width, ValueUnit unit) {
        return render(h, width, unit, 1);
    }

    /** The rows at {@code rowsPerDoubling} rows per power of two, then the summary. */
    public static String render(Histogram h, int width, ValueUnit unit, int rowsPerDoubling) {
        if (width < 1)
            throw new IllegalArgumentException("width must be >= 1 character, got " + width);
        if (h.getTotalCount() == 0) return "(no samples)\n";

        List<Row> rows = rows(h, rowsPerDoubling);
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
    public record Row(long lo, long hi, long count) {
        String label(ValueUnit unit) {
            if (lo == 0) return "[" + unit.format(0) + "]";
            return "[" + unit.format(lo) + ", " + unit.format(hi) + ")";
        }
    }

    /**
     * Power-of-two rows from the lowest to the highest non-empty one, empty rows in between kept.
     */
    static List<Row> rows(Histogram h) {
        return rows(h, 1);
    }

    /**
     * Rows of {@code rowsPerDoubling} equal parts of each power of two (never narrower than one
     * value), from the lowest to the highest non-empty one, empty rows in between kept; their
     * counts sum to the histogram's total count.
     */
    public static List<Row> rows(Histogram h, int rowsPerDoubling) {
        if (rowsPerDoubling < 1 || Integer.bitCount(rowsPerDoubling) != 1) {
            throw new IllegalArgumentException(
                    "rows per doubling must be a power of two (1, 2, 4, ...), got "
                            + rowsPerDoubling);
        }
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            long lowest = h.lowestEquivalentValue(v.getValueIteratedTo());
            long start = rowStart(lowest, rowsPerDoubling);
            if (rowStart(h.highestEquivalentValue(lowest), rowsPerDoubling) != start) {
                throw new IllegalArgumentException(
                        rowsPerDoubling
                                + " rows per doubling is finer than the histogram's precision ("
                                + h.getNumberOfSignificantValueDigits()
                                + " significant digits): at most "
                                + maxRowsPerDoubling(h));
            }
            counts.merge(start, v.getCountAtValueIteratedTo(), Long::sum);
        }
        List<Row> rows = new ArrayList<>();
        if (counts.isEmpty()) return rows;
        long last = counts.lastKey();
        for (long lo = counts.firstKey(); ; ) {
            long hi = rowEnd(lo, rowsPerDoubling);
            rows.add(new Row(lo, hi, counts.getOrDefault(lo, 0L)));
            if (lo == last) return rows;
            lo = hi;
        }
    }

    /** The finest exact resolution of {@code h}: its sub-buckets per power of two. */
    public static int maxRowsPerDoubling(Histogram h) {
        long v = Long.highestOneBit(h.getHighestTrackableValue());
        return (int) Math.max(1, Math.min(1 << 20, v / h.sizeOfEquivalentValueRange(v)));
    }

    /**
     * The finest exact resolution that keeps the rows within {@code maxRows} (at least one row per
     * power of two): readable, and as detailed as a screen allows.
     */
    public static int readableRowsPerDoubling(Histogram h, int maxRows) {
        int d = 1;
        while (d * 2 <= maxRowsPerDoubling(h) && rows(h, d * 2).size() <= maxRows) d *= 2;
        return d;
    }

    private static long rowWidth(long value, int rowsPerDoubling) {
        return value == 0 ? 1 : Math.max(1, Long.highestOneBit(value) / rowsPerDoubling);
    }

    private static long rowStart(long value, int rowsPerDoubling) {
        if (value == 0) return 0;
        long base = Long.highestOneBit(value), w = rowWidth(value, rowsPerDoubling);
        return base + (value - base) / w * w;
    }

    private static long rowEnd(long start, int rowsPerDoubling) {
        long end = start + rowWidth(start, rowsPerDoubling);
        return end < 0 ? Long.MAX_VALUE : end; // 2^63 is not a long
    }

    public static int rowOf(long value) {
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
