package io.tracejob.operator.guards;

import io.tracejob.api.v1alpha1.TraceJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * At most N agents per node, across all TraceJobs; the excess waits in creation order. Active
 * agents are counted from the informer cache (the source of truth, survives restarts) plus
 * reservations for pods created by this process that the cache has not shown yet.
 */
public final class NodeSlots {

    /** Orders waiting TraceJobs: creation time, then namespace/name to break ties. */
    public record Ticket(String created, String key) implements Comparable<Ticket> {
        /** The ticket of a TraceJob: its creation time and namespace/name. */
        public static Ticket of(TraceJob job) {
            String created =
                    job.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : job.getMetadata().getCreationTimestamp();
            return new Ticket(
                    created, job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
        }

        @Override
        public int compareTo(Ticket o) {
            int c = created.compareTo(o.created);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    /** Admitted, or not with a message saying why. */
    public record Decision(boolean admitted, String message) {}

    private final int max;
    private final Map<String, TreeSet<Ticket>> waiting = new HashMap<>();
    private final Map<String, String> reservedPodNode = new HashMap<>();

    public NodeSlots(int max) {
        this.max = max;
    }

    /**
     * Admits {@code ticket} if every node in {@code needed} has room for the agents it needs and no
     * older TraceJob waits for that node. {@code activePods} gives, for a node, the names of agent
     * pods not finished.
     */
    public synchronized Decision tryAdmit(
            Ticket ticket,
            Map<String, List<String>> needed,
            Function<String, Set<String>> activePods) {
        List<String> reasons = new ArrayList<>();
        for (var e : needed.entrySet()) {
            String node = e.getKey();
            Set<String> active = new TreeSet<>(activePods.apply(node));
            active.removeAll(
                    e.getValue()); // our own pods, if some already exist, take no extra slot
            for (var r : reservedPodNode.entrySet()) {
                if (r.getValue().equals(node) && !e.getValue().contains(r.getKey()))
                    active.add(r.getKey());
            }
            int ahead = (int) waiting.getOrDefault(node, new TreeSet<>()).headSet(ticket).size();
            if (active.size() + e.getValue().size() > max || ahead > 0) {
                reasons.add(
                        "node "
                                + node
                                + " runs "
                                + active.size()
                                + " of at most "
                                + max
                                + " agents"
                                + (ahead > 0
                                        ? ", "
                                                + ahead
                                                + " older TraceJob"
                                                + (ahead == 1 ? "" : "s")
                                                + " waiting first"
                                        : ""));
            }
        }
        if (!reasons.isEmpty()) {
            for (String node : needed.keySet())
                waiting.computeIfAbsent(node, n -> new TreeSet<>()).add(ticket);
            return new Decision(false, String.join("; ", reasons));
        }
        forget(ticket);
        for (var e : needed.entrySet()) {
            for (String pod : e.getValue()) reservedPodNode.put(pod, e.getKey());
        }
        return new Decision(true, "admitted");
    }

    /**
     * The reservation of {@code pod} is over: the cache shows it, or it finished, or it was
     * deleted.
     */
    public synchronized void release(String pod) {
        reservedPodNode.remove(pod);
    }

    /** The TraceJob no longer waits (deleted, failed, or admitted). */
    public synchronized void forget(Ticket ticket) {
        waiting.values().forEach(s -> s.remove(ticket));
    }
}
