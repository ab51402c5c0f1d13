package io.tracejob.operator.guards;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.tracejob.api.v1alpha1.NodeGap;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.testsupport.ShiftedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeCapabilityMemoryTest {
    private final ShiftedClock clock = new ShiftedClock();
    private final NodeCapabilityMemory memory =
            new NodeCapabilityMemory(Duration.ofHours(1), clock);

    private static Pod agentPod(String name, String node, int exit, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("agent")
                .withImage("agent:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Failed")
                .addToContainerStatuses(
                        new ContainerStatusBuilder()
                                .withName("agent")
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exit)
                                .withReason("Error")
                                .withMessage(message)
                                .endTerminated()
                                .endState()
                                .build())
                .endStatus()
                .build();
    }

    private static final String EPERM =
            "tracejob-agent: fentry program load refused: EPERM (Operation not permitted)";

    @Test
    void learnsFromAnExitThreeOfTheNodeAndForgetsAfterTheTtl() {
        Instant before = clock.instant();
        memory.learnFrom(agentPod("tj-a-t1", "n1", 3, EPERM), ProbeFamily.Kfunc);
        var gap = memory.gap("n1", ProbeFamily.Kfunc).orElseThrow();
        assertThat(gap.agentMessage())
                .isEqualTo("fentry program load refused: EPERM (Operation not permitted)");
        assertThat(gap.agentPod()).isEqualTo("tj-a-t1");
        assertThat(gap.learned()).isBetween(before, clock.instant());
        assertThat(memory.gap("n1", ProbeFamily.Kprobe)).isEmpty();
        assertThat(memory.gap("n2", ProbeFamily.Kfunc)).isEmpty();

        clock.advance(Duration.ofMinutes(59));
        assertThat(memory.gap("n1", ProbeFamily.Kfunc)).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(memory.gap("n1", ProbeFamily.Kfunc)).isEmpty();
    }

    @Test
    void rereadingThePodKeepsWhenItWasLearnedAndANewPodRenewsIt() {
        memory.learnFrom(agentPod("tj-a-t1", "n1", 3, EPERM), ProbeFamily.Kfunc);
        Instant first = memory.gap("n1", ProbeFamily.Kfunc).orElseThrow().learned();
        clock.advance(Duration.ofMinutes(30));
        memory.learnFrom(agentPod("tj-a-t1", "n1", 3, EPERM), ProbeFamily.Kfunc);
        assertThat(memory.gap("n1", ProbeFamily.Kfunc).orElseThrow().learned()).isEqualTo(first);
        memory.learnFrom(agentPod("tj-b-t2", "n1", 3, EPERM), ProbeFamily.Kfunc);
        assertThat(memory.gap("n1", ProbeFamily.Kfunc).orElseThrow().agentPod())
                .isEqualTo("tj-b-t2");
        clock.advance(Duration.ofMinutes(45));
        assertThat(memory.gap("n1", ProbeFamily.Kfunc)).isPresent();
    }

    @Test
    void aNewOperatorRebuildsTheMemoryFromTheStatusesTheOldOneWrote() {
        var learned = memory.learnFrom(agentPod("tj-a-t1", "n1", 3, EPERM), ProbeFamily.Kfunc);
        NodeGap written = NodeCapabilityMemory.toStatus(learned.orElseThrow());
        clock.advance(Duration.ofMinutes(20));
        var older = NodeCapabilityMemory.toStatus(learned.get());
        older.setNode("n2");
        older.setLearnedTime(clock.instant().minus(Duration.ofHours(2)).toString());

        NodeCapabilityMemory restarted = new NodeCapabilityMemory(Duration.ofHours(1), clock);
        NodeGap garbled = NodeCapabilityMemory.toStatus(learned.get());
        garbled.setNode("n3");
        garbled.setLearnedTime("yesterday");
        restarted.restore(
                List.of(jobWithGaps(written), jobWithGaps(older, garbled), new TraceJob()));
        assertThat(restarted.gap("n3", ProbeFamily.Kfunc)).as("unreadable: skipped").isEmpty();
        var gap = restarted.gap("n1", ProbeFamily.Kfunc).orElseThrow();
        assertThat(gap).isEqualTo(memory.gap("n1", ProbeFamily.Kfunc).orElseThrow());
        assertThat(restarted.explain(gap)).isEqualTo(memory.explain(gap));
        // learned two hours ago with a one-hour TTL: expired, not brought back
        assertThat(restarted.gap("n2", ProbeFamily.Kfunc)).isEmpty();
        // the memory still ends an hour after it was first learned, not after the restart
        clock.advance(Duration.ofMinutes(40));
        assertThat(restarted.gap("n1", ProbeFamily.Kfunc)).isEmpty();
    }

    private static TraceJob jobWithGaps(NodeGap... gaps) {
        TraceJob job = new TraceJob();
        job.setStatus(new TraceJobStatus());
        job.getStatus().setNodeGaps(List.of(gaps));
        return job;
    }

    @Test
    void otherOutcomesAndSpecRefusalsTeachNothing() {
        memory.learnFrom(
                agentPod("tj-a-t1", "n1", 1, "tracejob-agent: internal error"), ProbeFamily.Kfunc);
        memory.learnFrom(
                agentPod("tj-a-t2", "n1", 2, "tracejob-agent: spec.probe.function: bad"),
                ProbeFamily.Kfunc);
        memory.learnFrom(
                agentPod(
                        "tj-a-t3",
                        "n1",
                        3,
                        "tracejob-agent: spec.probe.function: /app/server is a Go binary"),
                ProbeFamily.Uprobe);
        assertThat(memory.gap("n1", ProbeFamily.Kfunc)).isEmpty();
        assertThat(memory.gap("n1", ProbeFamily.Uprobe)).isEmpty();
        NodeCapabilityMemory off = new NodeCapabilityMemory(Duration.ZERO, clock);
        off.learnFrom(agentPod("tj-a-t4", "n1", 3, EPERM), ProbeFamily.Kfunc);
        assertThat(off.gap("n1", ProbeFamily.Kfunc)).isEmpty();
    }

    @Test
    void explainsWhatWhenWhereFromAndTheNextRung() {
        memory.learnFrom(agentPod("tj-a-t1", "n1", 3, EPERM), ProbeFamily.Kfunc);
        String s = memory.explain(memory.gap("n1", ProbeFamily.Kfunc).orElseThrow());
        assertThat(s)
                .startsWith(
                        "node n1 lacks what probe family Kfunc needs: agent pod tj-a-t1 said so at ")
                .contains(
                        ": \"fentry program load refused: EPERM (Operation not permitted)\"; no agent is started there for Kfunc until ")
                .contains("(the operator's node-capability-ttl 1h)")
                .endsWith(
                        "; next rung of the ladder: trace the same boundary with a tracepoint pair (probe.family: Tracepoint)"
                                + " or USDT probes (probe.family: Usdt), or target a pod on another node");
        // the agent's own suggestion is not repeated
        memory.learnFrom(
                agentPod(
                        "tj-b-t1",
                        "n2",
                        3,
                        "tracejob-agent: no kprobes; trace a tracepoint instead"),
                ProbeFamily.Kprobe);
        assertThat(memory.explain(memory.gap("n2", ProbeFamily.Kprobe).orElseThrow()))
                .doesNotContain("next rung");
        assertThat(NodeCapabilityMemory.nextRung(ProbeFamily.Tracepoint))
                .contains("Usdt")
                .doesNotContain("Tracepoint)");
        // one sentence per node for many pods
        var gaps =
                memory.gaps(
                        List.of(
                                new PodTarget("p1", "ns", "n1", null, "app", null),
                                new PodTarget("p2", "ns", "n1", null, "app", null),
                                new PodTarget("p3", "ns", "n3", null, "app", null)),
                        ProbeFamily.Kfunc);
        assertThat(gaps.keySet()).extracting(PodTarget::pod).containsExactly("p1", "p2");
        assertThat(memory.explain(gaps.values())).isEqualTo(s);
    }

    @Test
    void learningAndLookingUpFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    for (int i = 0; i < 500; i++) {
                                        String node = "n" + (i % 50);
                                        memory.learnFrom(
                                                agentPod("tj-" + thread + "-" + i, node, 3, EPERM),
                                                ProbeFamily.Kfunc);
                                        assertThat(memory.gap(node, ProbeFamily.Kfunc)).isPresent();
                                    }
                                    return null;
                                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int n = 0; n < 50; n++) assertThat(memory.gap("n" + n, ProbeFamily.Kfunc)).isPresent();
    }
}
