package io.tracejob.agent.termination;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Re-encodes a histogram at fewer significant digits: the same counts in coarser buckets. */
final class HistogramPrecision {
    private HistogramPrecision() {}

    static Histogram reduce(Histogram h, int digits) {
        long lowest = h.getLowestDiscernibleValue();
        Histogram out =
                new Histogram(lowest, Math.max(h.getHighestTrackableValue(), 2 * lowest), digits);
        out.setAutoResize(true);
        for (HistogramIterationValue v : h.recordedValues()) {
            // each source bucket's values land in the coarser bucket that contains the bucket's top
            // value
            out.recordValueWithCount(v.getValueIteratedTo(), v.getCountAtValueIteratedTo());
        }
        return out;
    }
}
