package io.tracejob.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.tracejob.api.v1alpha1.Display;
import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.NodeGap;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.PodResult;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The only writer of a TraceJob's status (StatusWriterTest checks the bytecode of every other
 * class): every phase move is a condition, an event and a metric; conditions keep their
 * lastTransitionTime unless their status flips.
 */
public final class StatusRecorder {
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;

    public StatusRecorder(EventRecorder events, OperatorMetrics metrics, Clock clock) {
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The status to read; an empty one (not attached to the job) when there is none yet. */
    public static TraceJobStatus current(TraceJob job) {
        return job.getStatus() == null ? new TraceJobStatus() : job.getStatus();
    }

    private static TraceJobStatus status(TraceJob job) {
        if (job.getStatus() == null) job.setStatus(new TraceJobStatus());
        return job.getStatus();
    }

    /** The status as JSON, to tell after a pass whether it changed. */
    public static String snapshot(TraceJob job) {
        return Serialization.asJson(job.getStatus());
    }

    /**
     * Writes the status if it differs from {@code before}, with optimistic locking, and puts the
     * result into JOSDK's cache, so the next pass (often within milliseconds, on an agent pod
     * event) decides on this status and never on a stale one.
     */
    public void saveIfChanged(TraceJob job, Context<TraceJob> context, String before) {
        if (before.equals(snapshot(job))) return;
        TraceJobStatus status = job.getStatus();
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
                job,
                context,
                fresh -> {
                    fresh.setStatus(status);
                    return fresh;
                });
    }

    /**
     * Stamps {@code status.firstSeenTime} on the job's first pass with {@code seen} (when the job
     * reached the operator, microseconds): it orders jobs created in the same second in the node
     * queues ({@code guards.QueueTicket}).
     */
    public void firstSeen(TraceJob job, Supplier<Instant> seen) {
        TraceJobStatus s = status(job);
        if (s.getFirstSeenTime() == null) s.setFirstSeenTime(seen.get().toString());
    }

    /**
     * The job waits for agent slots on {@code nodes}: phase Pending, {@code status.queuedOn}, and
     * condition Waiting with {@code message}; returns whether the condition changed (to event it).
     */
    public boolean waitForSlots(
            TraceJob job, List<String> nodes, EventReason reason, String message) {
        TraceJobStatus s = status(job);
        s.setQueuedOn(List.copyOf(nodes));
        boolean changed = setCondition(job, ConditionTypes.WAITING, true, reason, message);
        s.setMessage(message);
        // not counted again in tracejob_traces_total{phase="Pending"}: that counts each job once,
        // when accepted, so that alerts may compare it with the Failed count
        s.setPhase(Phase.Pending);
        return changed;
    }

    /**
     * Pre-trace agents of a Selecting job wait for slots on {@code nodes} (empty: none waits); the
     * phase stays Selecting since other pre-traces may run.
     */
    public void queuedOn(TraceJob job, List<String> nodes) {
        status(job).setQueuedOn(nodes.isEmpty() ? null : List.copyOf(nodes));
    }

    /** The job got its agent slots: it no longer queues anywhere. */
    public void slotsGranted(TraceJob job, EventReason reason, String message) {
        status(job).setQueuedOn(null);
        setCondition(job, ConditionTypes.WAITING, false, reason, message);
    }

    /**
     * A node one of the job's agents found lacking the job's probe family; kept once per (node,
     * family, agent pod), at most {@link Rules#NODE_GAPS_MAX}.
     */
    public void recordNodeGap(TraceJob job, NodeGap gap) {
        TraceJobStatus s = status(job);
        List<NodeGap> gaps = s.getNodeGaps() == null ? new ArrayList<>() : s.getNodeGaps();
        boolean known =
                gaps.stream()
                        .anyMatch(
                                g ->
                                        g.getNode().equals(gap.getNode())
                                                && g.getFamily() == gap.getFamily()
                                                && g.getAgentPod().equals(gap.getAgentPod()));
        if (known || gaps.size() >= Rules.NODE_GAPS_MAX) return;
        List<NodeGap> updated = new ArrayList<>(gaps);
        updated.add(gap);
        s.setNodeGaps(updated);
    }

    /** The chosen pods ({@code status.target}). */
    public void recordTarget(TraceJob job, TargetStatus target) {
        status(job).setTarget(target);
    }

    /** The agent pods tracing the job and when they started. */
    public void recordAgents(TraceJob job, List<String> agentPods, String startTime) {
        TraceJobStatus s = status(job);
        s.setAgentPods(agentPods);
        s.setStartTime(startTime);
    }

    /** Pick All: each agent's own figures ({@code status.perPod}), also when the job failed. */
    public void recordPerPod(TraceJob job, List<PodResult> perPod) {
        status(job).setPerPod(perPod);
    }

    /** The merged result and its printer columns. */
    public void recordResult(TraceJob job, Result merged, Measure measure) {
        TraceJobStatus s = status(job);
        s.setResult(merged);
        s.setDisplay(display(merged, measure));
    }

    public static Phase phase(TraceJob job) {
        return job.getStatus() == null || job.getStatus().getPhase() == null
                ? null
                : job.getStatus().getPhase();
    }

    /**
     * Moves to {@code phase}, with a True condition {@code type} (if not null); Normal event unless
     * the phase is Failed.
     */
    public void moveTo(TraceJob job, Phase phase, String type, EventReason reason, String message) {
        TraceJobStatus s = status(job);
        boolean changed = s.getPhase() != phase;
        s.setPhase(phase);
        s.setMessage(message);
        s.setObservedGeneration(job.getMetadata().getGeneration());
        if (type != null) setCondition(job, type, true, reason, message);
        if (phase == Phase.Succeeded || phase == Phase.Failed) {
            setCondition(job, ConditionTypes.RUNNING, false, reason, "agents finished");
            setCondition(job, ConditionTypes.WAITING, false, reason, "no longer waiting");
            s.setQueuedOn(null);
            s.setCompletionTime(now());
        }
        if (phase == Phase.Failed) events.warning(job, reason, message);
        else events.normal(job, reason, message);
        if (changed) metrics.phaseEntered(phase);
    }

    /**
     * Fails the job with {@code reason}; {@code type} is the condition that explains it (False)
     * besides Failed.
     */
    public void fail(TraceJob job, String type, EventReason reason, String message) {
        if (type != null && !type.equals(ConditionTypes.FAILED))
            setCondition(job, type, false, reason, message);
        moveTo(job, Phase.Failed, ConditionTypes.FAILED, reason, message);
    }

    /**
     * Records a condition; returns whether anything changed (so a caller can skip a status patch).
     */
    public boolean setCondition(
            TraceJob job, String type, boolean value, EventReason reason, String message) {
        TraceJobStatus s = status(job);
        List<Condition> conditions =
                s.getConditions() == null ? new ArrayList<>() : new ArrayList<>(s.getConditions());
        String statusText = value ? "True" : "False";
        Optional<Condition> existing =
                conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
        if (existing.isPresent()) {
            Condition c = existing.get();
            if (statusText.equals(c.getStatus())
                    && reason.text().equals(c.getReason())
                    && Objects.equals(message, c.getMessage())) {
                return false;
            }
            if (!statusText.equals(c.getStatus())) c.setLastTransitionTime(now());
            c.setStatus(statusText);
            c.setReason(reason.text());
            c.setMessage(message);
            c.setObservedGeneration(job.getMetadata().getGeneration());
        } else {
            if (!value
                    && !type.equals(ConditionTypes.SELECTED)
                    && !type.equals(ConditionTypes.ACCEPTED)) {
                return false; // a condition that never held needs no False entry
            }
            conditions.add(
                    new ConditionBuilder()
                            .withType(type)
                            .withStatus(statusText)
                            .withReason(reason.text())
                            .withMessage(message)
                            .withLastTransitionTime(now())
                            .withObservedGeneration(job.getMetadata().getGeneration())
                            .build());
        }
        s.setConditions(conditions);
        return true;
    }

    public static Optional<Condition> condition(TraceJob job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null)
            return Optional.empty();
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    public static boolean isTrue(TraceJob job, String type) {
        return condition(job, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    public void event(TraceJob job, EventReason reason, String message) {
        events.normal(job, reason, message);
    }

    public void warn(TraceJob job, EventReason reason, String message) {
        events.warning(job, reason, message);
    }

    /** The printer-column strings: durations for latency, plain numbers for counts and values. */
    public static Display display(Result r, Measure measure) {
        Display d = new Display();
        if (r.getPercentiles() == null || r.getCount() == 0) {
            d.setP50("-");
            d.setP99("-");
            d.setP9999("-");
            return d;
        }
        boolean latency = measure == null || measure == Measure.Latency;
        d.setP50(
                latency
                        ? HumanDuration.format(r.getPercentiles().getP50())
                        : Long.toString(r.getPercentiles().getP50()));
        d.setP99(
                latency
                        ? HumanDuration.format(r.getPercentiles().getP99())
                        : Long.toString(r.getPercentiles().getP99()));
        d.setP9999(
                latency
                        ? HumanDuration.format(r.getPercentiles().getP9999())
                        : Long.toString(r.getPercentiles().getP9999()));
        return d;
    }

    public String now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
