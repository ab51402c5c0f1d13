package io.tracejob.agent.cli;

import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.Result;
import java.util.Locale;

/** The final table printed after a trace: what an SRE reads first. */
final class SummaryTable {
    private SummaryTable() {}

    static String render(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("== TraceJob result: ").append(r.getStopReason());
        if (r.getMessage() != null) b.append(" (").append(r.getMessage()).append(')');
        b.append('\n');
        if (r.getAttachPoint() != null)
            b.append("probe        ").append(r.getAttachPoint()).append('\n');
        row(b, "calls", Long.toString(r.getCount()));
        if (r.getPercentiles() != null) {
            var p = r.getPercentiles();
            row(b, "p50", HumanDuration.format(p.getP50()));
            row(b, "p90", HumanDuration.format(p.getP90()));
            row(b, "p99", HumanDuration.format(p.getP99()));
            row(b, "p99.9", HumanDuration.format(p.getP999()));
            row(b, "p99.99", HumanDuration.format(p.getP9999()));
            row(b, "max", HumanDuration.format(r.getMaxNanos()));
        }
        if (r.getInFlight() != null) {
            row(
                    b,
                    "in-flight",
                    r.getInFlight().getCount()
                            + (r.getInFlight().getCount() > 0
                                    ? " (oldest "
                                            + HumanDuration.format(r.getInFlight().getOldestNanos())
                                            + ")"
                                    : ""));
        }
        row(b, "processes", Integer.toString(r.getProcessesTraced()));
        var o = r.getOverhead();
        if (o != null) {
            row(
                    b,
                    "overhead",
                    String.format(
                            Locale.ROOT,
                            "%d firings, %.0f/s, %.0f ns BPF per firing, est. %.2f%% of one core (budget %.2f%%), site %s",
                            o.getFirings(),
                            o.getFiringsPerSecond(),
                            o.getBpfNanosPerFiring(),
                            o.getEstimatedCpuPercent(),
                            o.getBudgetCpuPercent(),
                            o.getAttachClass()));
        }
        if (r.getWarnings() != null)
            r.getWarnings().forEach(w -> b.append("warning      ").append(w).append('\n'));
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "%-12s %s%n", name, value));
    }
}
