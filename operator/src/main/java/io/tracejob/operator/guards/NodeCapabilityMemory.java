package io.tracejob.operator.guards;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.NodeGap;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.operator.completion.OutcomeReader;
import io.tracejob.operator.completion.PerPod;
import io.tracejob.operator.selection.PodTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nodes known to lack a probe family, learned from agents that exited 3 there ("missing
 * capability"), so that the next TraceJob of that family on that node fails at once instead of
 * starting an agent that fails the same way. Each gap is also written to the status of the job that
 * learned it ({@code status.nodeGaps}), and {@link #restore} rebuilds the memory from those after
 * an operator restart or a change of leader. An entry expires after the operator's {@code
 * nodeCapabilityTtl} from when it was first learned, since a node may come back with a new kernel.
 * Thread-safe.
 */
public final class NodeCapabilityMemory {

    /**
     * What the agent pod {@code agentPod} said at {@code learned} about {@code family} on {@code
     * node}.
     */
    public record Gap(
            String node,
            ProbeFamily family,
            String agentMessage,
            String agentPod,
            Instant learned) {}

    private record Key(String node, ProbeFamily family) {}

    private final Duration ttl;
    private final Clock clock;
    private final Map<Key, Gap> gaps = new ConcurrentHashMap<>();

    public NodeCapabilityMemory(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Remembers the gap if {@code agentPod} (which traced {@code family}) ended with the agent's
     * missing-capability exit, and returns it (for the job's status). Reading the same pod again
     * keeps the first entry, and so the time it was learned.
     */
    public Optional<Gap> learnFrom(Pod agentPod, ProbeFamily family) {
        Optional<String> said = OutcomeReader.missingCapability(agentPod);
        String node = agentPod.getSpec().getNodeName();
        if (said.isEmpty() || node == null || ttl.isZero()) return Optional.empty();
        String pod = agentPod.getMetadata().getName();
        return Optional.of(remember(new Gap(node, family, said.get(), pod, clock.instant())));
    }

    private Gap remember(Gap fresh) {
        Instant now = clock.instant();
        gaps.values().removeIf(g -> expired(g, now));
        return gaps.merge(
                new Key(fresh.node(), fresh.family()),
                fresh,
                (old, f) ->
                        old.agentPod().equals(f.agentPod()) || old.learned().isAfter(f.learned())
                                ? old
                                : f);
    }

    /**
     * After a restart: the gaps the jobs' statuses recorded, the latest per node and family, those
     * not expired.
     */
    public void restore(Iterable<TraceJob> jobs) {
        if (ttl.isZero()) return;
        Instant now = clock.instant();
        for (TraceJob job : jobs) {
            if (job.getStatus() == null || job.getStatus().getNodeGaps() == null) continue;
            for (NodeGap g : job.getStatus().getNodeGaps()) {
                Instant learned = QueueTicket.instant(g.getLearnedTime());
                // an entry edited by hand into something unreadable is skipped, not fatal
                if (learned == null || g.getNode() == null || g.getFamily() == null) continue;
                Gap gap =
                        new Gap(
                                g.getNode(),
                                g.getFamily(),
                                g.getAgentMessage() == null ? "" : g.getAgentMessage(),
                                g.getAgentPod() == null ? "" : g.getAgentPod(),
                                learned);
                if (!expired(gap, now)) remember(gap);
            }
        }
    }

    /** {@code gap} as the job's {@code status.nodeGaps} entry. */
    public static NodeGap toStatus(Gap gap) {
        NodeGap g = new NodeGap();
        g.setNode(gap.node());
        g.setFamily(gap.family());
        g.setAgentPod(gap.agentPod());
        g.setAgentMessage(PerPod.shorten(gap.agentMessage(), Rules.STATUS_MESSAGE_MAX));
        g.setLearnedTime(gap.learned().toString());
        return g;
    }

    /** The gap of {@code family} on {@code node}, unless none was learned or it has expired. */
    public Optional<Gap> gap(String node, ProbeFamily family) {
        if (node == null) return Optional.empty();
        Instant now = clock.instant();
        Key key = new Key(node, family);
        return Optional.ofNullable(
                gaps.computeIfPresent(key, (k, g) -> expired(g, now) ? null : g));
    }

    /**
     * The targets on nodes known to lack {@code family}, each with its node's gap, in the order
     * given.
     */
    public Map<PodTarget, Gap> gaps(List<PodTarget> targets, ProbeFamily family) {
        Map<PodTarget, Gap> out = new LinkedHashMap<>();
        for (PodTarget t : targets) gap(t.node(), family).ifPresent(g -> out.put(t, g));
        return out;
    }

    /** {@link #explain(Gap)} for each node once, joined. */
    public String explain(Collection<Gap> gaps) {
        Map<String, String> byNode = new LinkedHashMap<>();
        for (Gap g : gaps) byNode.putIfAbsent(g.node(), explain(g));
        return String.join("; ", byNode.values());
    }

    private boolean expired(Gap g, Instant now) {
        return !now.isBefore(g.learned().plus(ttl));
    }

    /**
     * One sentence for a TraceJob's status: the node, the family, what the agent said, when and
     * from which agent pod this was learned, until when it is remembered, and the next rung of the
     * ladder to try.
     */
    public String explain(Gap g) {
        String said = g.agentMessage();
        return "node "
                + g.node()
                + " lacks what probe family "
                + g.family()
                + " needs: agent pod "
                + g.agentPod()
                + " said so at "
                + g.learned().truncatedTo(ChronoUnit.SECONDS)
                + ": \""
                + said
                + "\"; no agent is started there for "
                + g.family()
                + " until "
                + g.learned().plus(ttl).truncatedTo(ChronoUnit.SECONDS)
                + " (the operator's node-capability-ttl "
                + KubeDuration.format(ttl)
                + ")"
                + (suggestsNextRung(said) ? "" : "; " + nextRung(g.family()));
    }

    /**
     * Whether the agent's message already says what to do instead (the agent names the ladder's
     * next rung).
     */
    static boolean suggestsNextRung(String agentMessage) {
        String m = agentMessage.toLowerCase(Locale.ROOT);
        return m.contains("rung") || m.contains(" instead");
    }

    static String nextRung(ProbeFamily family) {
        String tracepoint = "a tracepoint pair (probe.family: Tracepoint)";
        String usdt = "USDT probes (probe.family: Usdt)";
        String instead =
                switch (family) {
                    case Tracepoint -> usdt;
                    case Usdt -> tracepoint;
                    default -> tracepoint + " or " + usdt;
                };
        return "next rung of the ladder: trace the same boundary with "
                + instead
                + ", or target a pod on another node";
    }
}
