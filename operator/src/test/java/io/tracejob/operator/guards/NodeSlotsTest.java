package io.tracejob.operator.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeSlotsTest {
    private final Set<String> running = new HashSet<>();

    private NodeSlots.Decision admit(
            NodeSlots slots, String created, String job, String node, String pod) {
        return slots.tryAdmit(
                new NodeSlots.Ticket(created, job),
                Map.of(node, List.of(pod)),
                n -> Set.copyOf(running));
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
        running.remove("pa");
        // slot free: c still waits behind b
        var c2 = admit(slots, "t3", "ns/c", "n1", "pc");
        assertThat(c2.admitted()).isFalse();
        assertThat(c2.message()).contains("1 older TraceJob waiting first");
        assertThat(admit(slots, "t2", "ns/b", "n1", "pb").admitted()).isTrue();
        // b's pod is reserved although the cache has not shown it yet
        assertThat(admit(slots, "t3", "ns/c", "n1", "pc").admitted()).isFalse();
        slots.release("pb"); // cache shows pb has finished (not in running)
        assertThat(admit(slots, "t3", "ns/c", "n1", "pc").admitted()).isTrue();
    }

    @Test
    void otherNodesAreIndependent() {
        NodeSlots slots = new NodeSlots(1);
        running.add("x");
        assertThat(admit(slots, "t1", "ns/a", "n1", "pa").admitted()).isFalse();
        running.clear();
        assertThat(admit(slots, "t2", "ns/b", "n2", "pb").admitted()).isTrue();
    }
}
