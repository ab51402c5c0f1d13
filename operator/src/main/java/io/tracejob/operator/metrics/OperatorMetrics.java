package io.tracejob.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracejob.api.v1alpha1.Phase;

/** The operator's own meters, next to JOSDK's reconcile counts and timers. */
public final class OperatorMetrics {
    private final MeterRegistry registry;

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A TraceJob entered {@code phase}. */
    public void phaseEntered(Phase phase) {
        Counter.builder("tracejob.traces")
                .description("TraceJobs that entered each phase")
                .tag("phase", phase.name())
                .register(registry)
                .increment();
    }

    public void agentFailed(String reason) {
        Counter.builder("tracejob.agent.failures")
                .description("Agent pods that ended without a result, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void agentStarted() {
        Counter.builder("tracejob.agent.pods.started")
                .description("Agent pods created")
                .register(registry)
                .increment();
    }
}
