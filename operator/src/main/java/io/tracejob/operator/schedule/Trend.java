package io.tracejob.operator.schedule;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.ScheduleRun;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The last p99 against the median p99 of the runs in the history: 1.0x is steady, 3.0x is a
 * regression. Only succeeded runs with calls count.
 */
public final class Trend {
    private Trend() {}

    /** The newest succeeded run with calls, from a history ordered newest first. */
    public static Optional<ScheduleRun> lastMeasured(List<ScheduleRun> history) {
        return measured(history).stream().findFirst();
    }

    /** The last p99 divided by the median p99 of the history (the last run included). */
    public static Optional<Double> p99VsMedian(List<ScheduleRun> history) {
        List<ScheduleRun> runs = measured(history);
        Optional<Double> median = medianP99(history);
        if (median.isEmpty() || median.get() <= 0) return Optional.empty();
        return Optional.of(runs.get(0).getP99() / median.get());
    }

    /** The median p99 of the succeeded runs with calls; empty when there are none. */
    public static Optional<Double> medianP99(List<ScheduleRun> history) {
        long[] p99s = measured(history).stream().mapToLong(ScheduleRun::getP99).sorted().toArray();
        int n = p99s.length;
        if (n == 0) return Optional.empty();
        return Optional.of(n % 2 == 1 ? p99s[n / 2] : (p99s[n / 2 - 1] + p99s[n / 2]) / 2.0);
    }

    /** Whether {@code run} counts in the trend: succeeded, with calls and a p99. */
    public static boolean isMeasured(ScheduleRun run) {
        return run.getPhase() == Phase.Succeeded
                && run.getP99() != null
                && run.getCount() != null
                && run.getCount() > 0;
    }

    /** For the printer column: {@code 1.8x}. */
    public static String format(double ratio) {
        return String.format(Locale.ROOT, "%.1fx", ratio);
    }

    private static List<ScheduleRun> measured(List<ScheduleRun> history) {
        if (history == null) return List.of();
        return history.stream().filter(Trend::isMeasured).toList();
    }
}
