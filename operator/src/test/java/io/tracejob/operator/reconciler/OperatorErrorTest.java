package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.AGENT_NS;
import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The API server refuses every agent pod (the chart's RBAC lacks pods/create in the agent
 * namespace): each pass throws, JOSDK retries, and only the last attempt fails the TraceJob with
 * OperatorError and the server's words.
 */
class OperatorErrorTest {
    private static final int RETRIES = 3;
    private static final String FORBIDDEN =
            "pods is forbidden: User \"system:serviceaccount:tracejob-system:tracejob-operator\""
                    + " cannot create resource \"pods\" in API group \"\" in the namespace \""
                    + AGENT_NS
                    + "\"";

    /** The TraceJob's phase each time it changed, with the pod creations refused until then. */
    private record Seen(Phase phase, int refused) {}

    @Test
    void aPassThatKeepsThrowingFailsTheJobWithOperatorErrorAfterTheLastRetryOnly() {
        String result = Results.of(Results.latencies(5, 100, 5_000), StopReason.Completed).toJson();
        try (Harness h =
                new Harness(
                        p -> Termination.exit(0, result),
                        b ->
                                b.reconcileRetries(RETRIES)
                                        .reconcileRetryInterval(Duration.ofMillis(100)))) {
            AtomicInteger refused = new AtomicInteger();
            h.cluster
                    .server()
                    .expect()
                    .post()
                    .withPath("/api/v1/namespaces/" + AGENT_NS + "/pods")
                    .andReply(
                            403,
                            request -> {
                                refused.incrementAndGet();
                                return new StatusBuilder()
                                        .withStatus("Failure")
                                        .withReason("Forbidden")
                                        .withCode(403)
                                        .withMessage(FORBIDDEN)
                                        .build();
                            })
                    .always();
            List<Seen> seen = new CopyOnWriteArrayList<>();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            try (Watch w =
                    h.client
                            .resources(TraceJob.class)
                            .inNamespace(NS)
                            .withName("denied")
                            .watch(
                                    new Watcher<>() {
                                        @Override
                                        public void eventReceived(Action action, TraceJob j) {
                                            Phase phase =
                                                    j.getStatus() == null
                                                            ? null
                                                            : j.getStatus().getPhase();
                                            if (seen.isEmpty()
                                                    || seen.get(seen.size() - 1).phase() != phase)
                                                seen.add(new Seen(phase, refused.get()));
                                        }

                                        @Override
                                        public void onClose(WatcherException cause) {}
                                    })) {
                h.startOperator();
                h.workloads.create(Workloads.job(NS, "denied", Pick.Any));
                TraceJob failed = h.awaitPhase("denied", Phase.Failed);

                var c =
                        failed.getStatus().getConditions().stream()
                                .filter(x -> ConditionTypes.FAILED.equals(x.getType()))
                                .findFirst()
                                .orElseThrow();
                assertThat(c.getReason()).isEqualTo("OperatorError");
                assertThat(failed.getStatus().getMessage())
                        .startsWith("the operator could not proceed: ")
                        .contains("POST")
                        .contains(FORBIDDEN);
                // the first attempt and each retry asked once; the job failed only after the last
                // of them
                assertThat(refused.get()).isEqualTo(1 + RETRIES);
                assertThat(seen)
                        .filteredOn(s -> s.phase() == Phase.Failed)
                        .first()
                        .isEqualTo(new Seen(Phase.Failed, 1 + RETRIES));
                assertThat(seen).extracting(Seen::phase).containsOnly(null, Phase.Failed);
                h.awaitEvents("denied", "OperatorError");
                // every attempt recorded the same Accepted event again: one Event, counted
                // (kubectl's "x4")
                await().atMost(Duration.ofSeconds(10))
                        .until(
                                () ->
                                        accepted(h).stream().mapToInt(Event::getCount).sum()
                                                == 1 + RETRIES);
                assertThat(accepted(h)).hasSize(1);
                assertThat(h.kubelet.started()).isEmpty();
                assertThat(h.agentPods()).isEmpty();
            }
        }
    }

    private static List<Event> accepted(Harness h) {
        return h.events("denied").stream().filter(e -> "Accepted".equals(e.getReason())).toList();
    }
}
