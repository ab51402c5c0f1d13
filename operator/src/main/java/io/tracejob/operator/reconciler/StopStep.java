package io.tracejob.operator.reconciler;

import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.killswitch.StopRequest;
import io.tracejob.operator.killswitch.TracingPause;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.util.Optional;

/**
 * The step every unfinished phase runs first: {@code spec.stop} and the cluster-wide kill switch. A
 * tracing job has its agents stopped gracefully and goes on to its phase's handler, which reads
 * their partial results as they come; a job not yet tracing ends ({@code spec.stop}) or waits with
 * a {@code Paused} condition (the switch) and continues once released. Pre-trace agents stop in
 * both cases.
 */
final class StopStep {
    private final TracingPause pause;
    private final AgentPods agents;
    private final StatusRecorder recorder;
    private final OperatorMetrics metrics;
    private final Endings endings;

    StopStep(
            TracingPause pause,
            AgentPods agents,
            StatusRecorder recorder,
            OperatorMetrics metrics,
            Endings endings) {
        this.pause = pause;
        this.agents = agents;
        this.recorder = recorder;
        this.metrics = metrics;
        this.endings = endings;
    }

    /** {@code phase} with this step first; {@code tracing}: the phase of running agents. */
    PhaseHandler before(PhaseHandler phase, boolean tracing) {
        return job -> {
            Optional<StopRequest> stop = StopRequest.of(job, pause);
            if (stop.isEmpty()) {
                resumeIfPaused(job);
                return phase.handle(job);
            }
            Next next =
                    tracing
                            ? stopTracing(job, stop.get(), phase)
                            : stopBeforeTracing(job, stop.get());
            if (stop.get().byPause())
                pause.drained(agents.anyTracing()).ifPresent(metrics::killSwitchDrained);
            return next;
        };
    }

    private Next stopTracing(TraceJob job, StopRequest stop, PhaseHandler phase) {
        if (recorder.setCondition(
                job, ConditionTypes.STOPPED, true, stop.reason(), stop.message())) {
            recorder.event(job, stop.reason(), "stopping the agents: " + stop.message());
            metrics.jobStopped(stop.by());
        }
        agents.of(job, AgentRole.TRACE).forEach(agents::stopGracefully);
        return phase.handle(job);
    }

    private Next stopBeforeTracing(TraceJob job, StopRequest stop) {
        // a pre-trace's result only ranks candidates: nothing of it is kept
        agents.of(job, AgentRole.PRETRACE).forEach(agents::delete);
        if (stop.byPause()) {
            if (recorder.setCondition(
                    job, ConditionTypes.PAUSED, true, stop.reason(), stop.message())) {
                recorder.event(job, stop.reason(), "not starting: " + stop.message());
            }
            return Next.onEvent(); // the switch's release is an event of every TraceJob
        }
        recorder.setCondition(job, ConditionTypes.STOPPED, true, stop.reason(), stop.message());
        metrics.jobStopped(stop.by());
        return endings.fail(
                job,
                null,
                EventReason.STOPPED,
                "stopped before any agent traced, nothing was measured: " + stop.message());
    }

    private void resumeIfPaused(TraceJob job) {
        if (!StatusRecorder.isTrue(job, ConditionTypes.PAUSED)) return;
        recorder.setCondition(
                job, ConditionTypes.PAUSED, false, EventReason.TRACING_RESUMED, "tracing resumed");
        recorder.event(job, EventReason.TRACING_RESUMED, "tracing resumed: starting");
    }
}
