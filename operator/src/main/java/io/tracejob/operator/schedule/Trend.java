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
        if (runs.isEmpty()) return Optional.empty();
        long[] p99s = runs.stream().mapToLong(ScheduleRun::getP99).sorted().toArray();
        int n = p99s.length;
        double median = n % 2 == 1 ? p99s[n / 2] : (p99s[n / 2 - 1] + p99s[n / 2]) / 2.0;
        if (median <= 0) return Optional.empty();
        return Optional.of(runs.get(0).getP99() / median);
    }

    /** For the printer column: {@code 1.8x}. */
    public static String format(double ratio) {
        return String.format(Locale.ROOT, "%.1fx", ratio);
    }

    private static List<ScheduleRun> measured(List<ScheduleRun> history) {
        if (history == null) return List.of();
        return history.stream()
                .filter(r -> r.getPhase() == Phase.Succeeded)
                .filter(r -> r.getP99() != null && r.getCount() != null && r.getCount() > 0)
                .toList();
    }
}
