package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.report.ValueUnit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How a job's figures read: its measure's unit, percentages, counts. */
final class Figures {
    private Figures() {}

    /** Nanoseconds for Latency (the default), plain numbers for Count and Value. */
    static ValueUnit unitOf(TraceJobSpec spec) {
        Measure m = spec == null || spec.getProbe() == null ? null : spec.getProbe().getMeasure();
        return m == null || m == Measure.Latency ? ValueUnit.NANOS : ValueUnit.PLAIN;
    }

    /** The exact figure behind a rounded one: {@code 6911 ns}, or the plain value. */
    static String exact(long value, ValueUnit unit) {
        return unit == ValueUnit.NANOS ? value + " ns" : Long.toString(value);
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    /** Four significant digits at most, no trailing zeros: {@code 0.82}, {@code 1234}. */
    static String decimal(double value) {
        if (!Double.isFinite(value)) return Double.toString(value);
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
