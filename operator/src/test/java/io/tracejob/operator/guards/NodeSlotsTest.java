package io.tracejob.operator.guards;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeSlotsTest {
    private static final String SECOND = "2026-12-02T01:00:00Z";
    private final Set<String> running = new HashSet<>();

    private static QueueTicket ticket(String created, String job) {
        return new QueueTicket(created, null, job);
    }

    private NodeSlots.Decision admit(NodeSlots slots, QueueTicket t, String node, String pod) {
        return slots.tryAdmit(t, Map.of(node, List.of(pod)), n -> Set.copyOf(running));
    }

    private NodeSlots.Decision admit(
            NodeSlots slots, String created, String job, String node, String pod) {
        return admit(slots, ticket(created, job), node, pod);
    }

    @Test
    void excessWaitsAndIsAdmittedInCreationOrder() {
        NodeSlots slots = new NodeSlots(1);
        assertThat(admit(slots, "t1", "ns/a", "n1", "pa").admitted()).isTrue();
        running.add("pa");
        slots.release("pa");
        // c is created after b but asks first: both wait, b is ahead
        var c = admit(slots, "t3", "ns/c", "n1", "pc");
        var b = admit(slots, "t2", "ns/b", "n1", "pb");
        assertThat(c.admitted()).isFalse();
        assertThat(b.admitted()).isFalse();
        assertThat(c.message()).contains("node n1 runs 1 of at most 1 agents");
        assertThat(c.queuedOn()).containsExactly("n1");
        running.remove("pa");
        // slot free: c still waits behind b
        var c2 = admit(slots, "t3", "ns/c", "n1", "pc");
        assertThat(c2.admitted()).isFalse();
        assertThat(c2.message()).contains("1 older TraceJob waiting first (place 2 in its queue)");
        assertThat(admit(slots, "t2", "ns/b", "n1", "pb").admitted()).isTrue();
        // b's pod is reserved although the cache has not shown it yet
        assertThat(admit(slots, "t3", "ns/c", "n1", "pc").admitted()).isFalse();
        slots.release("pb"); // cache shows pb has finished (not in running)
        assertThat(admit(slots, "t3", "ns/c", "n1", "pc").admitted()).isTrue();
        assertThat(slots.queue("n1")).isEmpty();
    }

    @Test
    void jobsOfOneSecondAreServedInTheOrderTheOperatorFirstSawThem() {
        NodeSlots slots = new NodeSlots(1);
        running.add("busy");
        Instant seen = Instant.parse("2026-12-02T01:00:00.250Z");
        // created in this order within one second; by name they would be a, b, c
        var c = new QueueTicket(SECOND, seen, "ns/c");
        var b = new QueueTicket(SECOND, seen.plusNanos(1_000), "ns/b");
        var a = new QueueTicket(SECOND, seen.plusMillis(3), "ns/a");
        for (var t : List.of(a, b, c)) assertThat(admit(slots, t, "n1", "p").admitted()).isFalse();
        assertThat(slots.queue("n1")).containsExactly("ns/c", "ns/b", "ns/a");
        // an older second still goes first, whatever its first-seen time
        var older = new QueueTicket("2026-12-02T00:59:59Z", seen.plusSeconds(60), "ns/z");
        assertThat(admit(slots, older, "n1", "p").admitted()).isFalse();
        assertThat(slots.queue("n1")).containsExactly("ns/z", "ns/c", "ns/b", "ns/a");
    }

    @Test
    void aTicketWhoseStampChangedKeepsOnePlace() {
        NodeSlots slots = new NodeSlots(1);
        running.add("busy");
        admit(slots, new QueueTicket(SECOND, null, "ns/a"), "n1", "pa");
        // the first pass's status write was lost: the next pass stamps again
        admit(slots, new QueueTicket(SECOND, Instant.parse(SECOND), "ns/a"), "n1", "pa");
        assertThat(slots.queue("n1")).containsExactly("ns/a");
        slots.forget(new QueueTicket(SECOND, Instant.parse(SECOND).plusMillis(1), "ns/a"));
        assertThat(slots.queue("n1")).isEmpty();
    }

    @Test
    void otherNodesAreIndependent() {
        NodeSlots slots = new NodeSlots(1);
        running.add("x");
        assertThat(admit(slots, "t1", "ns/a", "n1", "pa").admitted()).isFalse();
        running.clear();
        assertThat(admit(slots, "t2", "ns/b", "n2", "pb").admitted()).isTrue();
    }

    @Test
    void aJobWaitingForOneBusyNodeQueuesOnlyThereAndBlocksNobodyOnItsFreeNodes() {
        NodeSlots slots = new NodeSlots(1);
        Map<String, Set<String>> active = new LinkedHashMap<>();
        active.put("n1", Set.of("other-job-agent"));
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put("n1", List.of("all-1"));
        all.put("n2", List.of("all-2"));
        var waiting =
                slots.tryAdmit(ticket("t1", "ns/all"), all, n -> active.getOrDefault(n, Set.of()));
        assertThat(waiting.admitted()).isFalse();
        assertThat(waiting.queuedOn()).containsExactly("n1");
        assertThat(waiting.message()).contains("node n1").doesNotContain("node n2");
        assertThat(slots.queue("n2")).isEmpty();
        // a newer job on the free node starts at once
        var newer =
                slots.tryAdmit(
                        ticket("t2", "ns/newer"),
                        Map.of("n2", List.of("newer-2")),
                        n -> active.getOrDefault(n, Set.of()));
        assertThat(newer.admitted()).isTrue();
        // n1 frees, n2 is now busy: the older job queues on n2 instead, first in line there
        active.put("n1", Set.of());
        var next =
                slots.tryAdmit(ticket("t1", "ns/all"), all, n -> active.getOrDefault(n, Set.of()));
        assertThat(next.queuedOn()).containsExactly("n2");
        assertThat(slots.queue("n1")).isEmpty();
        assertThat(admit(slots, "t3", "ns/third", "n2", "third-2").message())
                .contains("1 older TraceJob waiting first");
    }

    @Test
    void preTraceAgentsAreAdmittedOneByOneAndTheRestQueue() {
        NodeSlots slots = new NodeSlots(1);
        running.add("busy-on-n2");
        List<NodeSlots.Decision> d =
                slots.tryAdmitEach(
                        ticket("t1", "ns/pre"),
                        List.of(
                                Map.entry("n1", "pre-a"),
                                Map.entry("n1", "pre-b"),
                                Map.entry("n3", "pre-c")),
                        n -> n.equals("n2") ? Set.copyOf(running) : Set.of());
        assertThat(d).extracting(NodeSlots.Decision::admitted).containsExactly(true, false, true);
        assertThat(d.get(1).message()).contains("node n1 runs 1 of at most 1 agents");
        assertThat(slots.queue("n1")).containsExactly("ns/pre");
        assertThat(slots.queue("n3")).isEmpty();
    }

    @Test
    void queuesAreRebuiltFromTheJobsStatuses() {
        NodeSlots slots = new NodeSlots(1);
        slots.restore(
                List.of(
                        job("a", Phase.Pending, "2026-12-02T01:00:00.300Z", List.of("n1", "n2")),
                        job("b", Phase.Pending, "2026-12-02T01:00:00.100Z", List.of("n1")),
                        job("done", Phase.Failed, "2026-12-02T01:00:00.000Z", List.of("n1")),
                        job("running", Phase.Running, "2026-12-02T01:00:00.000Z", null),
                        deleted(
                                job(
                                        "gone",
                                        Phase.Pending,
                                        "2026-12-02T01:00:00.000Z",
                                        List.of("n1")))));
        assertThat(slots.queue("n1")).containsExactly("ns/b", "ns/a");
        assertThat(slots.queue("n2")).containsExactly("ns/a");
        assertThat(QueueTicket.of(job("hand-edited", Phase.Pending, "soon", List.of())).firstSeen())
                .isNull();
        // a free node still waits for the older job queued there
        var newer = new QueueTicket(SECOND, Instant.parse("2026-12-02T01:00:00.500Z"), "ns/new");
        assertThat(admit(slots, newer, "n2", "p").message())
                .contains("1 older TraceJob waiting first");
    }

    private static TraceJob deleted(TraceJob job) {
        job.getMetadata().setDeletionTimestamp(SECOND);
        return job;
    }

    private static TraceJob job(String name, Phase phase, String seen, List<String> queuedOn) {
        TraceJob j = new TraceJob();
        j.setMetadata(
                new ObjectMetaBuilder()
                        .withNamespace("ns")
                        .withName(name)
                        .withCreationTimestamp(SECOND)
                        .build());
        TraceJobStatus s = new TraceJobStatus();
        s.setPhase(phase);
        s.setFirstSeenTime(seen);
        s.setQueuedOn(queuedOn);
        j.setStatus(s);
        return j;
    }
}
