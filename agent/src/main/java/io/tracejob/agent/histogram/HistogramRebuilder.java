package io.tracejob.agent.histogram;

import org.HdrHistogram.Histogram;

/**
 * Turns a counts array bucketed by an {@link HdrLayout} (e.g. summed over CPUs) back into the exact
 * Histogram.
 */
public final class HistogramRebuilder {
    private HistogramRebuilder() {}

    /**
     * Every index's lowest value is recorded with that index's count, which lands in the same index
     * of a {@code Histogram(1, highest, digits)}: the result equals recording the original values
     * directly.
     */
    public static Histogram rebuild(HdrLayout layout, long[] counts) {
        if (counts.length != layout.length()) {
            throw new IllegalArgumentException(
                    "counts array has "
                            + counts.length
                            + " entries but "
                            + layout
                            + " needs "
                            + layout.length());
        }
        Histogram h = new Histogram(1, layout.highestTrackable(), layout.significantDigits());
        for (int i = 0; i < counts.length; i++) {
            long n = counts[i];
            if (n < 0) throw new IllegalArgumentException("counts[" + i + "] is negative: " + n);
            if (n > 0) h.recordValueWithCount(layout.valueAtIndex(i), n);
        }
        return h;
    }

    /**
     * Per-index {@code now - before}: the counts of one interval between two snapshots of
     * monotonically growing counters. A decrease means the snapshots are from different maps (or
     * out of order) and fails.
     */
    public static long[] diff(long[] now, long[] before) {
        if (now.length != before.length) {
            throw new IllegalArgumentException(
                    "snapshots differ in length: now " + now.length + ", before " + before.length);
        }
        long[] d = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            d[i] = now[i] - before[i];
            if (d[i] < 0) {
                throw new IllegalArgumentException(
                        "count at index "
                                + i
                                + " went down from "
                                + before[i]
                                + " to "
                                + now[i]
                                + ": snapshots must come from the same counters in time order");
            }
        }
        return d;
    }
}
