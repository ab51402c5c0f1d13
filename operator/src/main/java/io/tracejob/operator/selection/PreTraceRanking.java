package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.operator.completion.AgentOutcome;
import io.tracejob.operator.status.EventReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Pick Slowest by probe, the decision: every candidate was traced with the job's own probe for a
 * short while; the pod with the highest measured p99 is chosen, so the function itself decides, not
 * a proxy metric. Pure: the pre-trace agents' outcomes come in as arguments (the reconciler starts
 * and reads the agents).
 */
public final class PreTraceRanking {
    private PreTraceRanking() {}

    /** Where the pre-trace stands. */
    public sealed interface State {
        /** Some agents still run or wait for a slot; {@code message} says how far it got. */
        record Measuring(String message, int running, int waiting) implements State {}

        /** Every candidate measured (or known unmeasurable): the winner. */
        record Ranked(Selection selection) implements State {}
    }

    /**
     * @param candidates the eligible pods
     * @param outcomes by candidate pod name, the outcome of its pre-trace agent (absent: no agent)
     * @param lacking candidates on nodes known to lack {@code family}, each with the agent pod that
     *     said so
     * @param waiting candidates whose agent waits for a node slot, each as "pod (why)"
     * @param why what the lacking nodes lack, in words, when every candidate is on one
     */
    public static State decide(
            List<PodTarget> candidates,
            Map<String, AgentOutcome> outcomes,
            Map<PodTarget, String> lacking,
            List<String> waiting,
            Duration duration,
            ProbeFamily family,
            Supplier<String> why)
            throws SelectionException {
        Map<String, Double> p99 = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int running = 0;
        for (PodTarget c : candidates) {
            AgentOutcome o = outcomes.get(c.pod());
            if (o == null) {
                if (lacking.containsKey(c))
                    failures.add(
                            c.pod()
                                    + ": "
                                    + EventReason.NODE_LACKS_CAPABILITY
                                    + " node "
                                    + c.node()
                                    + " lacks "
                                    + family
                                    + " (learned from agent pod "
                                    + lacking.get(c)
                                    + ")");
                continue;
            }
            if (o instanceof AgentOutcome.Finished f) {
                Result r = f.result();
                if (r.getCount() > 0 && r.getPercentiles() != null)
                    p99.put(c.pod(), (double) r.getPercentiles().getP99());
                else failures.add(c.pod() + ": no calls in " + KubeDuration.format(duration));
            } else if (o instanceof AgentOutcome.Failed f) {
                failures.add(c.pod() + ": " + f.reason() + " " + f.message());
            } else {
                running++;
            }
        }
        if (running > 0 || !waiting.isEmpty()) {
            return new State.Measuring(
                    "pre-tracing "
                            + Plural.pods(candidates.size())
                            + " for "
                            + KubeDuration.format(duration)
                            + ": "
                            + (candidates.size() - running - waiting.size())
                            + " done, "
                            + running
                            + " running"
                            + (waiting.isEmpty()
                                    ? ""
                                    : ", waiting for a node slot: " + String.join("; ", waiting)),
                    running,
                    waiting.size());
        }
        if (p99.isEmpty() && lacking.size() == candidates.size()) {
            throw new SelectionException(
                    EventReason.NODE_LACKS_CAPABILITY,
                    "no pre-trace agent for " + Plural.pods(candidates.size()) + ": " + why.get());
        }
        if (p99.isEmpty()) {
            throw new SelectionException(
                    EventReason.PRE_TRACE_FAILED,
                    "no pre-trace measured anything: " + String.join("; ", failures));
        }
        Selection s =
                Ranking.highest(
                        candidates,
                        p99,
                        (winner, value, of) ->
                                "highest p99 in a "
                                        + KubeDuration.format(duration)
                                        + " pre-trace: "
                                        + HumanDuration.format((long) value)
                                        + " of "
                                        + Plural.pods(of));
        if (!failures.isEmpty()) {
            s =
                    new Selection(
                            s.targets(),
                            s.ranked(),
                            s.selectedBy() + "; not measured: " + String.join("; ", failures));
        }
        return new State.Ranked(s);
    }
}
