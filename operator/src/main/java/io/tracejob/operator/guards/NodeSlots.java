package io.tracejob.operator.guards;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * At most N agents per node, across all TraceJobs; the excess waits, oldest first, in a queue per
 * node. Active agents are counted from the informer cache (the source of truth, survives restarts)
 * plus reservations for pods created by this process that the cache has not shown yet. A job queues
 * only on the nodes that have no room for it (so a pick All job waiting for one busy node blocks
 * nobody on its free ones); the queues are written to each job's {@code status.queuedOn} and
 * rebuilt from there after a restart ({@link #restore}).
 */
public final class NodeSlots {

    /** Admitted, or not with a message saying why and the nodes the job now queues on. */
    public record Decision(boolean admitted, String message, List<String> queuedOn) {}

    private final int max;
    private final Map<String, TreeSet<QueueTicket>> waiting = new HashMap<>();
    private final Map<String, String> reservedPodNode = new HashMap<>();

    public NodeSlots(int max) {
        this.max = max;
    }

    /**
     * Admits {@code ticket} if every node in {@code needed} has room for the agents it needs and no
     * older TraceJob waits for that node. Otherwise the job queues on the nodes that stopped it and
     * leaves the queues of the others. {@code activePods} gives, for a node, the names of agent
     * pods not finished.
     */
    public synchronized Decision tryAdmit(
            QueueTicket ticket,
            Map<String, List<String>> needed,
            Function<String, Set<String>> activePods) {
        List<String> reasons = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        for (var e : needed.entrySet()) {
            String node = e.getKey();
            int active = othersActive(node, e.getValue(), activePods);
            int ahead = olderWaiting(node, ticket);
            if (active + e.getValue().size() > max || ahead > 0) {
                blocked.add(node);
                reasons.add(reason(node, active, ahead));
            }
        }
        leave(ticket.key());
        if (!blocked.isEmpty()) {
            for (String node : blocked)
                waiting.computeIfAbsent(node, n -> new TreeSet<>()).add(ticket);
            return new Decision(false, String.join("; ", reasons), List.copyOf(blocked));
        }
        for (var e : needed.entrySet()) {
            for (String pod : e.getValue()) reservedPodNode.put(pod, e.getKey());
        }
        return new Decision(true, "admitted", List.of());
    }

    /**
     * Pre-traces: each agent ({@code node}, {@code pod}) in turn gets its slot if its node has room
     * and no older job waits there; the job queues on the nodes of those that did not. One decision
     * per agent, in order.
     */
    public synchronized List<Decision> tryAdmitEach(
            QueueTicket ticket,
            List<Map.Entry<String, String>> nodePods,
            Function<String, Set<String>> activePods) {
        List<Decision> out = new ArrayList<>();
        Set<String> blocked = new TreeSet<>();
        for (var np : nodePods) {
            String node = np.getKey();
            int active = othersActive(node, List.of(np.getValue()), activePods);
            int ahead = olderWaiting(node, ticket);
            if (active + 1 > max || ahead > 0) {
                blocked.add(node);
                out.add(new Decision(false, reason(node, active, ahead), List.of(node)));
            } else {
                reservedPodNode.put(np.getValue(), node);
                out.add(new Decision(true, "admitted", List.of()));
            }
        }
        leave(ticket.key());
        for (String node : blocked) waiting.computeIfAbsent(node, n -> new TreeSet<>()).add(ticket);
        return out;
    }

    /** Agents on {@code node} that are not {@code own} (ours, if some already exist). */
    private int othersActive(
            String node, List<String> own, Function<String, Set<String>> activePods) {
        Set<String> active = new TreeSet<>(activePods.apply(node));
        active.removeAll(own);
        for (var r : reservedPodNode.entrySet()) {
            if (r.getValue().equals(node) && !own.contains(r.getKey())) active.add(r.getKey());
        }
        return active.size();
    }

    private int olderWaiting(String node, QueueTicket ticket) {
        TreeSet<QueueTicket> queue = waiting.get(node);
        if (queue == null) return 0;
        return (int)
                queue.headSet(ticket).stream().filter(t -> !t.key().equals(ticket.key())).count();
    }

    private String reason(String node, int active, int ahead) {
        return "node "
                + node
                + " runs "
                + active
                + " of at most "
                + max
                + " agents"
                + (ahead > 0
                        ? ", "
                                + ahead
                                + " older TraceJob"
                                + (ahead == 1 ? "" : "s")
                                + " waiting first"
                        : "")
                + " (place "
                + (ahead + 1)
                + " in its queue)";
    }

    /**
     * The reservation of {@code pod} is over: the cache shows it, or it finished, or it was
     * deleted.
     */
    public synchronized void release(String pod) {
        reservedPodNode.remove(pod);
    }

    /** The TraceJob no longer waits (deleted, failed, or admitted). */
    public synchronized void forget(QueueTicket ticket) {
        leave(ticket.key());
    }

    private void leave(String key) {
        waiting.values().forEach(q -> q.removeIf(t -> t.key().equals(key)));
    }

    /**
     * After a restart: every unfinished job whose status says it queues on some nodes takes its
     * place there again. Its ticket comes from its own status and metadata, so the order is the one
     * before the restart.
     */
    public synchronized void restore(Iterable<TraceJob> jobs) {
        for (TraceJob job : jobs) {
            TraceJobStatus s = job.getStatus();
            if (s == null || s.getQueuedOn() == null) continue;
            if (s.getPhase() == Phase.Succeeded || s.getPhase() == Phase.Failed) continue;
            // being deleted: its cleanup gives up its place, and may have done so already
            if (job.getMetadata().getDeletionTimestamp() != null) continue;
            QueueTicket ticket = QueueTicket.of(job);
            for (String node : s.getQueuedOn())
                waiting.computeIfAbsent(node, n -> new TreeSet<>()).add(ticket);
        }
    }

    /** The queue of {@code node}, oldest first (namespace/name of each job). */
    public synchronized List<String> queue(String node) {
        return waiting.getOrDefault(node, new TreeSet<>()).stream().map(QueueTicket::key).toList();
    }
}
