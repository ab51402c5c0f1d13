package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.report.ValueUnit;
import java.util.Locale;

/**
 * {@code compare A B}: two Results side by side, each percentile's absolute and relative change,
 * and whether the change is larger than the histograms can resolve: a change no wider than the
 * bucket holding the value (the precision of the significant digits) may be rounding alone.
 */
public final class Comparison {
    private Comparison() {}

    public static String render(TraceJob jobA, Result a, TraceJob jobB, Result b) {
        ValueUnit unit = Figures.unitOf(jobA.getSpec());
        if (unit != Figures.unitOf(jobB.getSpec()))
            throw new IllegalArgumentException(
                    JobReport.name(jobA)
                            + " and "
                            + JobReport.name(jobB)
                            + " measure different things (durations and plain values): not"
                            + " comparable");
        if (a.getPercentiles() == null || b.getPercentiles() == null)
            throw new IllegalArgumentException(
                    (a.getPercentiles() == null ? JobReport.name(jobA) : JobReport.name(jobB))
                            + " measured no calls: nothing to compare");
        int digitsA = digits(a), digitsB = digits(b);
        StringBuilder out = new StringBuilder();
        out.append(
                new TextTable()
                        .row(
                                "A",
                                JobReport.name(jobA),
                                a.getCount() + " calls",
                                Precision.describe(digitsA))
                        .row(
                                "B",
                                JobReport.name(jobB),
                                b.getCount() + " calls",
                                Precision.describe(digitsB))
                        .render(""));
        out.append('\n');
        TextTable t =
                new TextTable()
                        .row("percentile", "A", "B", "change", "relative", "beyond precision");
        for (PercentileTable.Level level : PercentileTable.LEVELS) {
            long va = level.value().applyAsLong(a.getPercentiles());
            long vb = level.value().applyAsLong(b.getPercentiles());
            row(t, level.label(), va, vb, digitsA, digitsB, unit);
        }
        row(t, "max", a.getMaxNanos(), b.getMaxNanos(), digitsA, digitsB, unit);
        out.append(t.render(""));
        for (PercentileTable.Level level : PercentileTable.LEVELS) {
            long aboveA = callsAbove(a, level), aboveB = callsAbove(b, level);
            if (Math.min(aboveA, aboveB) < FEW_CALLS) {
                out.append(level.label())
                        .append(" and above rest on ")
                        .append(aboveA)
                        .append(" calls in A and ")
                        .append(aboveB)
                        .append(" in B: a change there may be chance, not precision\n");
                break;
            }
        }
        return out.toString();
    }

    private static void row(
            TextTable t, String label, long a, long b, int digitsA, int digitsB, ValueUnit unit) {
        long change = b - a;
        long resolution =
                Math.max(Precision.resolutionAt(a, digitsA), Precision.resolutionAt(b, digitsB));
        String relative = a == 0 ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100.0 * change / a);
        t.row(
                label,
                unit.format(a),
                unit.format(b),
                (change > 0 ? "+" : "") + unit.format(change),
                relative,
                beyond(change, resolution)
                        ? "yes"
                        : "no (within one bucket, " + unit.format(resolution) + ")");
    }

    /** Fewer calls than this above a percentile make it a matter of luck. */
    static final long FEW_CALLS = 10;

    private static long callsAbove(Result r, PercentileTable.Level level) {
        return Math.round(r.getCount() * (1 - level.percentile() / 100));
    }

    /** Larger than one bucket of the coarser histogram: more than rounding can explain. */
    public static boolean beyond(long change, long resolution) {
        return Math.abs(change) > resolution;
    }

    /** The histogram's own digits (precision may have been degraded to fit), else the field. */
    private static int digits(Result r) {
        if (r.getHistogram() != null && !r.getHistogram().isEmpty())
            return r.decodeHistogram().getNumberOfSignificantValueDigits();
        return r.getSignificantDigits();
    }
}
