package io.tracejob.operator.selection;

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
     * @param candidates the eligible pods, by name
     * @param started candidates (pod names) whose pre-trace agent exists already
     * @param cpu CPU cores by pod name; empty when metrics.k8s.io gave none
     * @param cpuProblem why {@code cpu} is empty, in words (null when it is not)
     * @param limit most pods to pre-trace
     * @param limitFrom where the limit comes from, e.g. "slowestBy.probe.maxCandidates 10"
     */
    public static Field narrow(
            List<PodTarget> candidates,
            Set<String> started,
            Map<String, Double> cpu,
            String cpuProblem,
            int limit,
            String limitFrom) {
        if (candidates.size() <= limit) return new Field(candidates, "");
        Comparator<PodTarget> busiestFirst =
                Comparator.comparing((PodTarget c) -> !started.contains(c.pod()))
                        .thenComparing(
                                c -> cpu.getOrDefault(c.pod(), -1.0), Comparator.reverseOrder())
                        .thenComparing(PodTarget::pod);
        List<PodTarget> ordered = new ArrayList<>(candidates);
        ordered.sort(busiestFirst);
        List<PodTarget> measured = List.copyOf(ordered.subList(0, limit));
        List<PodTarget> left = ordered.subList(limit, ordered.size());
        String how =
                cpu.isEmpty()
                        ? "the first by name (no CPU usage to narrow by: " + cpuProblem + ")"
                        : "the busiest by CPU in metrics.k8s.io";
        String note =
                "pre-traced "
                        + limit
                        + " of "
                        + Plural.pods(candidates.size())
                        + " ("
                        + limitFrom
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
