package io.tracejob.operator.reconciler;

import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.selection.CandidateFinder;
import io.tracejob.operator.selection.Picker;
import io.tracejob.operator.selection.Pickers;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.Selection;
import io.tracejob.operator.selection.SelectionException;
import io.tracejob.operator.selection.TargetPolicies;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the pods to trace: keeps an earlier choice while it holds, else finds candidates and
 * picks.
 */
final class TargetChooser {
    private final CandidateFinder finder;
    private final Pickers pickers;
    private final PreTraceAgents preTrace;
    private final NodeCapabilityMemory capabilities;
    private final StatusRecorder recorder;

    TargetChooser(
            CandidateFinder finder,
            Pickers pickers,
            PreTraceAgents preTrace,
            NodeCapabilityMemory capabilities,
            StatusRecorder recorder) {
        this.finder = finder;
        this.pickers = pickers;
        this.preTrace = preTrace;
        this.capabilities = capabilities;
        this.recorder = recorder;
    }

    /**
     * The selection; empty while a pre-trace runs or waits for slots (its condition says which).
     */
    Optional<Selection> choose(TraceJob job) throws SelectionException {
        Optional<Selection> kept = earlierChoice(job);
        if (kept.isPresent()) return kept;
        List<PodTarget> candidates = finder.find(job);
        if (pickers.isPreTrace(job)) return preTrace.step(job, candidates);
        if (pickers.isPrometheus(job)) {
            return pickers.prometheus()
                    .pick(
                            job,
                            candidates,
                            why ->
                                    recorder.setCondition(
                                            job,
                                            ConditionTypes.SELECTED,
                                            false,
                                            EventReason.SELECTING,
                                            why));
        }
        Picker picker = pickers.forJob(job);
        var target = job.getSpec().getTarget();
        if (target.getPick() == Pick.Any && target.getPodName() == null) {
            ProbeFamily family = job.getSpec().getProbe().getFamily();
            return Optional.of(
                    TargetPolicies.anyOnACapableNode(
                            candidates,
                            capabilities.gaps(candidates, family).keySet(),
                            family,
                            c -> picker.pick(job, c)));
        }
        return Optional.of(picker.pick(job, candidates));
    }

    /**
     * Chosen before a wait: kept while the pod is still eligible, so a re-rank cannot flip the
     * choice.
     */
    private Optional<Selection> earlierChoice(TraceJob job) {
        TargetStatus chosen = StatusRecorder.current(job).getTarget();
        if (chosen == null
                || chosen.getPod() == null
                || job.getSpec().getTarget().getPick() == Pick.All
                || !StatusRecorder.isTrue(job, ConditionTypes.SELECTED)) {
            return Optional.empty();
        }
        Optional<PodTarget> again =
                finder.recheck(
                        job.getMetadata().getNamespace(),
                        chosen.getPod(),
                        job.getSpec().getTarget().getContainer());
        if (again.isPresent()) {
            return Optional.of(
                    new Selection(
                            List.of(again.get()),
                            chosen.getCandidates() == null ? List.of() : chosen.getCandidates(),
                            chosen.getSelectedBy()));
        }
        recorder.setCondition(
                job,
                ConditionTypes.SELECTED,
                false,
                EventReason.RESELECTING,
                "pod " + chosen.getPod() + " is no longer eligible; choosing again");
        return Optional.empty();
    }
}
