package io.tracejob.operator.completion;

import io.tracejob.api.v1alpha1.PodResult;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.validation.Rules;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The per-pod breakdown of pick All ({@code status.perPod}): each agent's figures taken from its
 * own result, never from the merged one, or why it produced none; the slowest pod (highest p99)
 * first.
 */
public final class PerPod {
    private PerPod() {}

    /**
     * One agent pod and what it came to; {@code pod} and {@code node} are its target's (null when
     * unknown).
     */
    public record Agent(String agentPod, String pod, String node, AgentOutcome outcome) {}

    /**
     * Highest p99 first, entries without percentiles (failed agents, pods that measured nothing)
     * last; then by pod.
     */
    static final Comparator<PodResult> SLOWEST_FIRST =
            Comparator.comparing((PodResult p) -> p.getPercentiles() == null)
                    .thenComparing(
                            p -> p.getPercentiles() == null ? 0 : p.getPercentiles().getP99(),
                            Comparator.reverseOrder())
                    .thenComparing(p -> Objects.requireNonNullElse(p.getPod(), ""))
                    .thenComparing(PodResult::getAgentPod);

    /**
     * One entry per agent, slowest first, within the schema's limits (the API server rejects a
     * longer status).
     */
    public static List<PodResult> of(Collection<Agent> agents) {
        return agents.stream()
                .map(PerPod::entry)
                .sorted(SLOWEST_FIRST)
                .limit(Rules.PER_POD_MAX)
                .toList();
    }

    static PodResult entry(Agent a) {
        PodResult p = new PodResult();
        p.setPod(a.pod());
        p.setNode(a.node());
        p.setAgentPod(a.agentPod());
        if (a.outcome() instanceof AgentOutcome.Finished f) {
            Result r = f.result();
            p.setCount(r.getCount());
            if (r.getCount() > 0) {
                p.setPercentiles(r.getPercentiles());
                p.setMaxNanos(r.getMaxNanos());
            }
            if (r.getInFlight() != null && r.getInFlight().getCount() > 0)
                p.setInFlight(r.getInFlight());
            p.setProcessesTraced(r.getProcessesTraced());
            p.setStopReason(r.getStopReason());
            p.setMessage(shorten(f.note(), Rules.STATUS_MESSAGE_MAX));
        } else if (a.outcome() instanceof AgentOutcome.Failed f) {
            p.setReason(shorten(f.reason(), Rules.REASON_MAX));
            p.setMessage(shorten(f.message(), Rules.STATUS_MESSAGE_MAX));
        }
        return p;
    }

    /**
     * {@code s} cut to at most {@code max} characters, ending in an ellipsis when cut (never inside
     * a surrogate pair).
     */
    public static String shorten(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }
}
