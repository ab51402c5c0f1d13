package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.guards.QueueTicket;
import io.tracejob.operator.status.StatusRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Succeeded or Failed: remove the agent pods, then the TraceJob itself once its TTL has run out.
 */
final class FinishedHandler implements PhaseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedHandler.class);

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final AgentPods agents;
    private final NodeSlots slots;
    private final Clock clock;

    FinishedHandler(
            KubernetesClient client,
            OperatorConfig config,
            AgentPods agents,
            NodeSlots slots,
            Clock clock) {
        this.client = client;
        this.config = config;
        this.agents = agents;
        this.slots = slots;
        this.clock = clock;
    }

    @Override
    public Next handle(TraceJob job) {
        // stopped agents were held by a finalizer until their outcome was read: it is in status now
        agents.allOf(job).forEach(agents::releaseOutcome);
        if (!config.keepAgentPods()) agents.allOf(job).forEach(agents::delete);
        slots.forget(QueueTicket.of(job));
        Duration left = ttlLeft(job);
        if (left.isZero()) {
            LOG.info(
                    "deleting TraceJob {}/{}: ttlSecondsAfterFinished={} elapsed",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName(),
                    job.getSpec().getTtlSecondsAfterFinished());
            client.resource(job).delete();
            return Next.onEvent();
        }
        return Next.after(left);
    }

    private Duration ttlLeft(TraceJob job) {
        String done = StatusRecorder.current(job).getCompletionTime();
        Instant end = done == null ? clock.instant() : Instant.parse(done);
        Duration left =
                Duration.between(
                        clock.instant(),
                        end.plusSeconds(job.getSpec().getTtlSecondsAfterFinished()));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
