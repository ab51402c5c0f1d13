package io.tracejob.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracejob.api.v1alpha1.Phase;
import java.time.Duration;
import java.util.function.BooleanSupplier;

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

    /** 1 while the cluster-wide kill switch pauses tracing, else 0. */
    public void killSwitch(BooleanSupplier paused) {
        Gauge.builder("tracejob.kill.switch.paused", () -> paused.getAsBoolean() ? 1 : 0)
                .description(
                        "1 while tracing is paused cluster-wide (ConfigMap tracejob-kill-switch)")
                .register(registry);
    }

    /** A TraceJob was stopped, {@code by} its spec or the kill switch. */
    public void jobStopped(String by) {
        Counter.builder("tracejob.jobs.stopped")
                .description("TraceJobs stopped by spec.stop or the kill switch")
                .tag("by", by)
                .register(registry)
                .increment();
    }

    /** From the kill switch seen paused to the last agent detached. */
    public void killSwitchDrained(Duration took) {
        Timer.builder("tracejob.kill.switch.drain")
                .description("Time from the kill switch seen paused to the last agent detached")
                .register(registry)
                .record(took);
    }
}
