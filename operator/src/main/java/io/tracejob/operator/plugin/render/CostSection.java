package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.InFlight;
import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.report.ValueUnit;

/**
 * What the trace cost and what it could not see: overhead against the budget, duty cycle, the other
 * processes' cost, calls in flight at the end, why it stopped, and every warning.
 */
final class CostSection {
    private CostSection() {}

    static String render(Result r) {
        StringBuilder out = new StringBuilder();
        Overhead o = r.getOverhead();
        if (o != null) {
            out.append("overhead   ")
                    .append(Figures.percent(o.getEstimatedCpuPercent()))
                    .append(" of one core (budget ")
                    .append(Figures.percent(o.getBudgetCpuPercent()))
                    .append(Boolean.FALSE.equals(o.getBudgetHeld()) ? ", NOT held" : "")
                    .append("): ")
                    .append(o.getFirings())
                    .append(" firings, ")
                    .append(Math.round(o.getFiringsPerSecond()))
                    .append("/s");
            if (o.getNanosPerFiring() != null)
                out.append(", ").append(Math.round(o.getNanosPerFiring())).append(" ns per firing");
            if (o.getCostSource() != null) out.append(" (").append(o.getCostSource()).append(')');
            if (o.getBpfNanosPerFiring() > 0)
                out.append(", ")
                        .append(Math.round(o.getBpfNanosPerFiring()))
                        .append(" ns of it in BPF");
            if (o.getAttachClass() != null) out.append(", attach ").append(o.getAttachClass());
            out.append('\n');
            out.append("duty cycle ")
                    .append(Figures.percent(100 * o.getDutyCycle()))
                    .append(" of the duration attached")
                    .append(o.getDutyCycle() < 1 ? " (throttled to the budget)" : "")
                    .append('\n');
            if (o.getFollowing() != null || o.getOtherProcessFirings() != null) {
                out.append("others     ");
                if (o.getFollowing() != null) out.append(o.getFollowing()).append(": ");
                out.append(o.getOtherProcessFirings() == null ? 0 : o.getOtherProcessFirings())
                        .append(" firings in other processes");
                if (o.getOtherProcessesCpuPercent() != null)
                    out.append(" (")
                            .append(Figures.percent(o.getOtherProcessesCpuPercent()))
                            .append(" of one core)");
                out.append('\n');
            }
        }
        if (o != null && o.getDutyCycle() > 0 && o.getDutyCycle() < 1) {
            out.append("unobserved about ")
                    .append(Math.round(r.getCount() / o.getDutyCycle() - r.getCount()))
                    .append(" calls while the probes were off (at the observed rate)\n");
        }
        InFlight f = r.getInFlight();
        out.append("unobserved ")
                .append(f == null ? 0 : f.getCount())
                .append(" calls in flight at the end");
        if (f != null && f.getCount() > 0)
            out.append(" (oldest ")
                    .append(ValueUnit.NANOS.format(f.getOldestNanos()))
                    .append(", not in the percentiles)");
        out.append('\n');
        out.append("processes  ").append(r.getProcessesTraced()).append(" traced");
        if (r.getAttachPoint() != null) out.append(", at ").append(r.getAttachPoint());
        out.append('\n');
        out.append("stopped    ").append(Figures.orDash(r.getStopReason()));
        if (r.getMessage() != null) out.append(": ").append(r.getMessage());
        out.append('\n');
        if (r.getWarnings() != null && !r.getWarnings().isEmpty()) {
            out.append("warnings\n");
            for (String w : r.getWarnings()) out.append("  - ").append(w).append('\n');
        }
        return out.toString();
    }
}
