package io.tracejob.api.v1alpha1;

import java.util.Locale;

/**
 * Nanoseconds as a person reads them in a table: three significant digits at most and the largest
 * unit that keeps the number at or above one ({@code 812ns}, {@code 4.1µs}, {@code 32.8ms}, {@code
 * 2.05s}).
 */
public final class HumanDuration {
    private HumanDuration() {}

    private static final String[] UNITS = {"ns", "µs", "ms", "s"};

    public static String format(long nanos) {
        if (nanos < 0) return "-" + format(-nanos);
        double v = nanos;
        int unit = 0;
        while (unit < UNITS.length - 1 && v >= 1000) {
            v /= 1000;
            unit++;
        }
        String number;
        if (unit == 0 || v >= 100) number = String.format(Locale.ROOT, "%.0f", v);
        else if (v >= 10) number = String.format(Locale.ROOT, "%.1f", v);
        else number = String.format(Locale.ROOT, "%.2f", v);
        if (number.contains(".")) number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
        return number + UNITS[unit];
    }
}
