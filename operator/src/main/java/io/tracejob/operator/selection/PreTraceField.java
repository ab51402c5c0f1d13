package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.validation.Rules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pick Slowest by probe, the field: each pre-traced pod costs an agent pod on its node, so at most
 * {@code limit} are pre-traced. With more candidates the field is narrowed first: pods whose
 * pre-trace agent exists already stay (so a later pass cannot swap a pod being measured), then the
 * busiest by CPU usage (metrics.k8s.io, the source of {@link CpuPicker}): a pod that works harder
 * is the likelier to be slow, and CPU is the one per-pod signal every cluster with metrics-server
 * has. Without CPU figures the first by name are taken, and the note says so. Pure.
 */
public final class PreTraceField {
    /** Names listed in the note before "and N more". */
    static final int NAMES_SHOWN = 5;

    private PreTraceField() {}

    /**
     * @param measured the candidates to pre-trace, in the order given
     * @param note what was and was not measured, for {@code selectedBy}; empty when every candidate
     *     is
     */
    public record Field(List<PodTarget> measured, String note) {}

    /**
     * @param value most pods to pre-trace
     * @param from where it comes from, in words for the note
     */
    public record Limit(int value, String from) {}

    /**
     * The job's {@code slowestBy.probe.maxCandidates} (its default when unset), capped by the
     * operator's {@code max-pre-trace-candidates}.
     */
    public static Limit limit(SlowestBy by, int clusterCap) {
        int asked =
                by == null || by.getProbe() == null
                        ? Rules.PRE_TRACE_CANDIDATES_DEFAULT
                        : by.getProbe().getMaxCandidates();
        return asked > clusterCap
                ? new Limit(clusterCap, "the operator's max-pre-trace-candidates " + clusterCap)
                : new Limit(asked, "slowestBy.probe.maxCandidates " + asked);
    }

    /**
     * @param candidates the eligible pods, by name
     * @param started candidates (pod names) whose pre-trace agent exists already
     * @param cpu CPU cores by pod name; empty when metrics.k8s.io gave none
     * @param cpuProblem why {@code cpu} is empty, in words (null when it is not)
     * @param limit most pods to pre-trace, and why that many
     */
    public static Field narrow(
            List<PodTarget> candidates,
            Set<String> started,
            Map<String, Double> cpu,
            String cpuProblem,
            Limit limit) {
        if (candidates.size() <= limit.value()) return new Field(candidates, "");
        Comparator<PodTarget> busiestFirst =
                Comparator.comparing((PodTarget c) -> !started.contains(c.pod()))
                        .thenComparing(
                                c -> cpu.getOrDefault(c.pod(), -1.0), Comparator.reverseOrder())
                        .thenComparing(PodTarget::pod);
        List<PodTarget> ordered = new ArrayList<>(candidates);
        ordered.sort(busiestFirst);
        List<PodTarget> measured = List.copyOf(ordered.subList(0, limit.value()));
        List<PodTarget> left = ordered.subList(limit.value(), ordered.size());
        String how =
                cpu.isEmpty()
                        ? "the first by name (no CPU usage to narrow by: " + cpuProblem + ")"
                        : "the busiest by CPU in metrics.k8s.io";
        String note =
                "pre-traced "
                        + limit.value()
                        + " of "
                        + Plural.pods(candidates.size())
                        + " ("
                        + limit.from()
                        + "), "
                        + how
                        + "; not measured: "
                        + names(left, cpu);
        return new Field(measured, note);
    }

    private static String names(List<PodTarget> left, Map<String, Double> cpu) {
        List<String> shown = new ArrayList<>();
        for (PodTarget c : left.subList(0, Math.min(NAMES_SHOWN, left.size()))) {
            Double cores = cpu.get(c.pod());
            shown.add(
                    cores == null
                            ? c.pod()
                            : c.pod() + " (" + QueryWords.significant(cores) + " cores)");
        }
        int more = left.size() - shown.size();
        return String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "");
    }
}
