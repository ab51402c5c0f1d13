package io.tracejob.operator.plugin.render;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a histogram's significant digits mean for its figures: the width of the bucket a value falls
 * in, i.e. how far apart two values must be to be told apart.
 */
public final class Precision {
    private Precision() {}

    public static String describe(int significantDigits) {
        if (significantDigits <= 0) return "precision not recorded";
        return significantDigits
                + " significant digits: each value within "
                + String.format(Locale.ROOT, "%.2f%%", 100 * relativeResolution(significantDigits))
                + " of the true one";
    }

    /** The widest bucket relative to its values at {@code significantDigits}. */
    public static double relativeResolution(int significantDigits) {
        Histogram h = new Histogram(significantDigits);
        long v = 1L << 40;
        return (double) h.sizeOfEquivalentValueRange(v) / v;
    }

    /** The width of the bucket holding {@code value} at {@code significantDigits}. */
    public static long resolutionAt(long value, int significantDigits) {
        return new Histogram(Math.max(0, significantDigits)).sizeOfEquivalentValueRange(value);
    }
}
