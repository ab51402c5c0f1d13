package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.completion.AgentOutcome;
import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.completion.JobResult;
import io.tracejob.operator.completion.OutcomeReader;
import io.tracejob.operator.completion.PerPod;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running: wait for every agent to finish (or fail to start in time), then record the job's result.
 */
final class RunningHandler implements PhaseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RunningHandler.class);

    private final OperatorConfig config;
    private final AgentPods agents;
    private final NodeSlots slots;
    private final NodeCapabilityMemory capabilities;
    private final StatusRecorder recorder;
    private final OperatorMetrics metrics;
    private final Endings endings;
    private final Clock clock;

    RunningHandler(
            OperatorConfig config,
            AgentPods agents,
            NodeSlots slots,
            NodeCapabilityMemory capabilities,
            StatusRecorder recorder,
            OperatorMetrics metrics,
            Endings endings,
            Clock clock) {
        this.config = config;
        this.agents = agents;
        this.slots = slots;
        this.capabilities = capabilities;
        this.recorder = recorder;
        this.metrics = metrics;
        this.endings = endings;
        this.clock = clock;
    }

    @Override
    public Next handle(TraceJob job) {
        if (!config.keepAgentPods()) agents.of(job, AgentRole.PRETRACE).forEach(agents::delete);
        List<String> names = StatusRecorder.current(job).getAgentPods();
        if (names == null || names.isEmpty()) {
            return endings.fail(
                    job,
                    ConditionTypes.RUNNING,
                    EventReason.AGENT_POD_LOST,
                    "status says Running but names no agent pod");
        }
        Map<String, AgentOutcome> outcomes = new LinkedHashMap<>();
        Duration wait = null;
        for (String name : names) {
            Optional<Pod> pod = agents.find(name);
            if (pod.isEmpty()) {
                outcomes.put(
                        name,
                        new AgentOutcome.Failed(
                                FailureReasons.POD_LOST,
                                "agent pod "
                                        + name
                                        + " in namespace "
                                        + config.agentNamespace()
                                        + " was deleted before it reported a result"));
                slots.release(name);
                continue;
            }
            if (agents.cached(name)) slots.release(name);
            // a failing image pull waits like any Pending agent, up to the start timeout: the
            // kubelet retries it, and a registry blip must not fail the trace
            AgentOutcome o =
                    OutcomeReader.read(pod.get(), clock.instant(), config.agentStartTimeout());
            if (o.done()) {
                capabilities
                        .learnFrom(pod.get(), job.getSpec().getProbe().getFamily())
                        .ifPresent(
                                g -> recorder.recordNodeGap(job, NodeCapabilityMemory.toStatus(g)));
            }
            if (!o.done() && "Pending".equals(((AgentOutcome.InProgress) o).state())) {
                Duration left = startTimeLeft(pod.get());
                if (left.isZero()) {
                    o =
                            new AgentOutcome.Failed(
                                    FailureReasons.NOT_STARTED,
                                    "agent pod "
                                            + name
                                            + " did not start on node "
                                            + pod.get().getSpec().getNodeName()
                                            + " within "
                                            + KubeDuration.format(config.agentStartTimeout())
                                            + "; is the node still there?");
                } else if (wait == null || left.compareTo(wait) < 0) {
                    wait = left;
                }
            }
            outcomes.put(name, o);
        }
        if (outcomes.values().stream().anyMatch(o -> !o.done()))
            return wait == null ? Next.onEvent() : Next.after(wait);
        return complete(job, outcomes);
    }

    private Duration startTimeLeft(Pod pod) {
        String created = pod.getMetadata().getCreationTimestamp();
        if (created == null) return config.agentStartTimeout();
        Duration age = Duration.between(Instant.parse(created), clock.instant());
        Duration left = config.agentStartTimeout().minus(age);
        return left.isNegative() ? Duration.ZERO : left.plusMillis(100);
    }

    private Next complete(TraceJob job, Map<String, AgentOutcome> outcomes) {
        List<PerPod.Agent> ran =
                outcomes.entrySet().stream()
                        .map(e -> agentOf(job, e.getKey(), e.getValue()))
                        .toList();
        for (PerPod.Agent a : ran) {
            if (a.outcome() instanceof AgentOutcome.Failed f) {
                metrics.agentFailed(f.reason());
                LOG.info(
                        "agent pod {} of TraceJob {}/{} failed: {} {}",
                        a.agentPod(),
                        job.getMetadata().getNamespace(),
                        job.getMetadata().getName(),
                        f.reason(),
                        f.message());
            }
        }
        var measure = job.getSpec().getProbe().getMeasure();
        JobResult result = JobResult.of(ran, job.getSpec().getTarget().getPick(), measure);
        if (result.perPod() != null) recorder.recordPerPod(job, result.perPod());
        if (result instanceof JobResult.Failed f)
            return endings.fail(job, ConditionTypes.RUNNING, f.reason(), f.message());
        JobResult.Succeeded done = (JobResult.Succeeded) result;
        recorder.recordResult(job, done.merged(), measure);
        recorder.moveTo(
                job,
                Phase.Succeeded,
                ConditionTypes.COMPLETE,
                done.incomplete() ? EventReason.PARTIAL_RESULT : EventReason.COMPLETED,
                done.summary());
        return endings.ended(job);
    }

    /**
     * The agent pod with its target pod and node, from the pod's annotations; a pod deleted before
     * it reported is matched to its target by its deterministic name.
     */
    private PerPod.Agent agentOf(TraceJob job, String agentPod, AgentOutcome outcome) {
        Optional<Pod> pod = agents.find(agentPod);
        if (pod.isPresent()) {
            String node = AgentLabels.annotation(pod.get(), AgentLabels.TARGET_NODE);
            return new PerPod.Agent(
                    agentPod,
                    AgentLabels.annotation(pod.get(), AgentLabels.TARGET_POD),
                    node != null ? node : pod.get().getSpec().getNodeName(),
                    outcome);
        }
        TargetStatus t = StatusRecorder.current(job).getTarget();
        String target =
                Targets.pods(t).stream()
                        .filter(
                                p ->
                                        AgentPodFactory.podName(job, AgentRole.TRACE, p)
                                                .equals(agentPod))
                        .findFirst()
                        .orElse(null);
        return new PerPod.Agent(agentPod, target, null, outcome);
    }
}
