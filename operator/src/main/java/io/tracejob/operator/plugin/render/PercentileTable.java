package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.Percentiles;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.report.ValueUnit;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The Result's percentiles exactly as recorded (HdrHistogram's highest equivalent value of the
 * bucket), each rounded for reading and in full beside it.
 */
public final class PercentileTable {
    private PercentileTable() {}

    /** A percentile's label and how to read it from {@link Percentiles}. */
    public record Level(String label, double percentile, ToLongFunction<Percentiles> value) {}

    public static final List<Level> LEVELS =
            List.of(
                    new Level("p50", 50, Percentiles::getP50),
                    new Level("p90", 90, Percentiles::getP90),
                    new Level("p99", 99, Percentiles::getP99),
                    new Level("p99.9", 99.9, Percentiles::getP999),
                    new Level("p99.99", 99.99, Percentiles::getP9999));

    public static String render(Result r, ValueUnit unit) {
        if (r.getCount() == 0 || r.getPercentiles() == null) return "no calls measured\n";
        TextTable t = new TextTable().row("percentile", "value", "exact");
        for (Level level : LEVELS) {
            long v = level.value().applyAsLong(r.getPercentiles());
            t.row(level.label(), unit.format(v), Figures.exact(v, unit));
        }
        t.row("max", unit.format(r.getMaxNanos()), Figures.exact(r.getMaxNanos(), unit));
        return t.render("")
                + r.getCount()
                + " calls, min "
                + unit.format(r.getMinNanos())
                + ", mean "
                + unit.format(Math.round(r.getMeanNanos()))
                + "; "
                + Precision.describe(r.getSignificantDigits())
                + "\n";
    }
}
