package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.Selection;
import io.tracejob.operator.selection.SelectionException;
import io.tracejob.operator.selection.TargetPolicies;
import io.tracejob.operator.selection.TargetPolicies.GapCheck;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Selecting: adopt agents an earlier operator started, else choose the targets, drop those no agent
 * can trace, record the choice and start the agents when their nodes have room.
 */
final class SelectingHandler implements PhaseHandler {
    private final OperatorConfig config;
    private final AgentPods agents;
    private final TargetChooser chooser;
    private final AgentLauncher launcher;
    private final NodeCapabilityMemory capabilities;
    private final StatusRecorder recorder;
    private final Endings endings;

    SelectingHandler(
            OperatorConfig config,
            AgentPods agents,
            TargetChooser chooser,
            AgentLauncher launcher,
            NodeCapabilityMemory capabilities,
            StatusRecorder recorder,
            Endings endings) {
        this.config = config;
        this.agents = agents;
        this.chooser = chooser;
        this.launcher = launcher;
        this.capabilities = capabilities;
        this.recorder = recorder;
        this.endings = endings;
    }

    @Override
    public Next handle(TraceJob job) {
        List<Pod> existing = agents.of(job, AgentRole.TRACE);
        if (!existing.isEmpty()) {
            // Agents exist but status does not say so: the last operator stopped between creating
            // and recording.
            return adopt(job, existing);
        }
        Optional<Selection> chosen;
        try {
            chosen = chooser.choose(job);
        } catch (SelectionException e) {
            return endings.fail(job, ConditionTypes.SELECTED, e.reason(), e.getMessage());
        }
        if (chosen.isEmpty()) return Next.after(config.waitRecheck());
        Optional<Selection> traceable = withoutKnownGaps(job, chosen.get());
        if (traceable.isEmpty()) return endings.ended(job);
        Selection selection =
                TargetPolicies.withinNodeLimit(traceable.get(), config.maxAgentsPerNode());
        recordSelected(job, selection);
        return launcher.start(job, selection);
    }

    /**
     * {@link TargetPolicies#withoutKnownGaps}, recorded: a condition and event for skipped pods;
     * empty when failed.
     */
    private Optional<Selection> withoutKnownGaps(TraceJob job, Selection s) {
        ProbeFamily family = job.getSpec().getProbe().getFamily();
        Map<PodTarget, NodeCapabilityMemory.Gap> gaps = capabilities.gaps(s.targets(), family);
        GapCheck check =
                TargetPolicies.withoutKnownGaps(
                        s,
                        job.getSpec().getTarget().getPick(),
                        family,
                        gaps.keySet(),
                        () -> capabilities.explain(gaps.values()));
        if (check instanceof GapCheck.Untraceable u) {
            recorder.fail(
                    job, ConditionTypes.SELECTED, EventReason.NODE_LACKS_CAPABILITY, u.message());
            return Optional.empty();
        }
        if (check instanceof GapCheck.Skipped skipped) {
            if (recorder.setCondition(
                    job,
                    ConditionTypes.TARGETS_SKIPPED,
                    true,
                    EventReason.NODE_LACKS_CAPABILITY,
                    skipped.message())) {
                recorder.warn(job, EventReason.NODE_LACKS_CAPABILITY, skipped.message());
            }
            return Optional.of(skipped.selection());
        }
        // skipped before a wait, but the memory has expired since: every pod gets its agent after
        // all
        recorder.setCondition(
                job,
                ConditionTypes.TARGETS_SKIPPED,
                false,
                EventReason.NONE_SKIPPED,
                "every chosen pod gets an agent");
        return Optional.of(((GapCheck.AllTraceable) check).selection());
    }

    private void recordSelected(TraceJob job, Selection selection) {
        TargetStatus target = Targets.toStatus(selection);
        if (!StatusRecorder.isTrue(job, ConditionTypes.SELECTED)) {
            String message = target.getPod() + ": " + target.getSelectedBy();
            recorder.setCondition(
                    job, ConditionTypes.SELECTED, true, EventReason.SELECTED, message);
            recorder.event(job, EventReason.SELECTED, message);
        }
        recorder.recordTarget(
                job,
                TargetPolicies.mergeCandidates(StatusRecorder.current(job).getTarget(), target));
    }

    private Next adopt(TraceJob job, List<Pod> existing) {
        List<String> names = existing.stream().map(p -> p.getMetadata().getName()).toList();
        TargetStatus target = StatusRecorder.current(job).getTarget();
        if (target == null || target.getPod() == null) {
            List<PodTarget> targets =
                    existing.stream()
                            .map(p -> Targets.fromAgentPod(p, job.getMetadata().getNamespace()))
                            .toList();
            recorder.recordTarget(
                    job,
                    Targets.toStatus(
                            new Selection(
                                    targets,
                                    List.of(),
                                    "recovered from the agent pods after an operator restart")));
        }
        String started = StatusRecorder.current(job).getStartTime();
        if (started == null) {
            String created = existing.get(0).getMetadata().getCreationTimestamp();
            started = created != null ? created : recorder.now();
        }
        recorder.recordAgents(job, names, started);
        recorder.moveTo(
                job,
                Phase.Running,
                ConditionTypes.RUNNING,
                EventReason.AGENTS_ADOPTED,
                "found running agent pods " + names + " from before an operator restart");
        return Next.onEvent();
    }
}
