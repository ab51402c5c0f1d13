package io.tracejob.operator.reconciler;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.guards.ArrivalOrder;
import io.tracejob.operator.guards.Guards;
import io.tracejob.operator.guards.Rejection;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.util.Optional;

/**
 * A new job: the operator's guards, then on to Selecting in the same pass. A job back in Pending
 * waits for node slots (condition Waiting): it goes straight to the selecting handler, which keeps
 * its choice and starts its agents once the slots are free.
 */
final class PendingHandler implements PhaseHandler {
    private final Guards guards;
    private final StatusRecorder recorder;
    private final Endings endings;
    private final PhaseHandler selecting;
    private final ArrivalOrder arrivals;

    PendingHandler(
            Guards guards,
            StatusRecorder recorder,
            Endings endings,
            PhaseHandler selecting,
            ArrivalOrder arrivals) {
        this.arrivals = arrivals;
        this.guards = guards;
        this.recorder = recorder;
        this.endings = endings;
        this.selecting = selecting;
    }

    @Override
    public Next handle(TraceJob job) {
        recorder.firstSeen(job, () -> arrivals.take(job));
        Optional<Rejection> rejection = guards.check(job);
        if (rejection.isPresent()) {
            return endings.fail(
                    job,
                    ConditionTypes.ACCEPTED,
                    rejection.get().reason(),
                    rejection.get().message());
        }
        if (StatusRecorder.isTrue(job, ConditionTypes.WAITING)) {
            // chosen already and queued for node slots: keeps its choice and stays Pending until
            // its agents start
            return selecting.handle(job);
        }
        if (StatusRecorder.phase(job) == null) {
            recorder.moveTo(
                    job,
                    Phase.Pending,
                    ConditionTypes.ACCEPTED,
                    EventReason.ACCEPTED,
                    "spec is valid and allowed by the operator");
        }
        recorder.moveTo(job, Phase.Selecting, null, EventReason.SELECTING, selectingMessage(job));
        recorder.setCondition(
                job, ConditionTypes.SELECTED, false, EventReason.SELECTING, selectingMessage(job));
        return selecting.handle(job);
    }

    private static String selectingMessage(TraceJob job) {
        var t = job.getSpec().getTarget();
        if (t.getPodName() != null) return "checking pod " + t.getPodName();
        return "looking for pods to trace (pick " + t.getPick() + ")";
    }
}
