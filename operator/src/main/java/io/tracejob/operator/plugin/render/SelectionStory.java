package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.Candidate;
import io.tracejob.api.v1alpha1.PodResult;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.report.ValueUnit;
import java.util.List;

/**
 * Which pod was traced and why: the target, the operator's sentence ({@code selectedBy}), the
 * ranked candidates of pick Slowest and each pod's own figures for pick All.
 */
final class SelectionStory {
    private SelectionStory() {}

    static String render(TargetStatus target, List<PodResult> perPod, TraceJobSpec spec) {
        StringBuilder out = new StringBuilder();
        if (target == null) return "target     (not recorded)\n";
        out.append("target     ").append(where(target)).append('\n');
        if (target.getSelectedBy() != null)
            out.append("selected   ").append(target.getSelectedBy()).append('\n');
        List<Candidate> candidates = target.getCandidates();
        if (candidates != null && !candidates.isEmpty()) {
            out.append("candidates (slowest first, by ").append(rankedBy(spec)).append(")\n");
            TextTable t = new TextTable().row("POD", "VALUE");
            for (Candidate c : candidates)
                t.row(c.getPod(), c.getValue() == null ? "-" : Figures.decimal(c.getValue()));
            out.append(t.render("  "));
        }
        if (perPod != null && !perPod.isEmpty()) {
            out.append("per pod    (each pod's own figures; the percentiles below are merged)\n");
            ValueUnit unit = Figures.unitOf(spec);
            TextTable t =
                    new TextTable()
                            .row(
                                    "POD",
                                    "NODE",
                                    "CALLS",
                                    "P50",
                                    "P99",
                                    "P99.99",
                                    "MAX",
                                    "IN-FLIGHT",
                                    "STOP");
            for (PodResult p : perPod) {
                boolean measured = p.getPercentiles() != null;
                t.row(
                        p.getPod(),
                        Figures.orDash(p.getNode()),
                        Figures.orDash(p.getCount()),
                        measured ? unit.format(p.getPercentiles().getP50()) : "-",
                        measured ? unit.format(p.getPercentiles().getP99()) : "-",
                        measured ? unit.format(p.getPercentiles().getP9999()) : "-",
                        p.getMaxNanos() == null ? "-" : unit.format(p.getMaxNanos()),
                        p.getInFlight() == null ? "-" : Long.toString(p.getInFlight().getCount()),
                        p.getStopReason() != null
                                ? p.getStopReason().name()
                                : Figures.orDash(p.getReason()));
            }
            out.append(t.render("  "));
            for (PodResult p : perPod) {
                if (p.getMessage() != null)
                    out.append("  ")
                            .append(p.getPod())
                            .append(": ")
                            .append(p.getMessage())
                            .append('\n');
            }
        }
        return out.toString();
    }

    private static String where(TargetStatus t) {
        StringBuilder s = new StringBuilder();
        if (t.getPod() != null) s.append("pod ").append(t.getPod());
        else if (t.getPods() != null)
            s.append(t.getPods().size()).append(" pods: ").append(String.join(", ", t.getPods()));
        if (t.getNode() != null) s.append(" on ").append(t.getNode());
        else if (t.getNodes() != null && !t.getNodes().isEmpty())
            s.append(" on ").append(String.join(", ", t.getNodes()));
        if (t.getContainer() != null) s.append(", container ").append(t.getContainer());
        return s.isEmpty() ? "(not recorded)" : s.toString();
    }

    /** What a candidate's value is, from the spec's ranking (the field's own description). */
    private static String rankedBy(TraceJobSpec spec) {
        var by = spec == null || spec.getTarget() == null ? null : spec.getTarget().getSlowestBy();
        if (by == null) return "the operator's ranking";
        if (by.getPrometheus() != null) return "the Prometheus query's value";
        if (by.getCpu() != null) return "CPU cores used";
        if (by.getProbe() != null) return "p99 nanoseconds of a pre-trace";
        return "the operator's ranking";
    }
}
