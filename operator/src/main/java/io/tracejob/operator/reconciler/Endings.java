package io.tracejob.operator.reconciler;

import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.guards.QueueTicket;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;

/**
 * How every phase ends a job: its place in the node-slot queues is given up and the finished pass
 * follows.
 */
final class Endings {
    private final StatusRecorder recorder;
    private final NodeSlots slots;

    Endings(StatusRecorder recorder, NodeSlots slots) {
        this.recorder = recorder;
        this.slots = slots;
    }

    /** Fails the job ({@link StatusRecorder#fail}) and ends it. */
    Next fail(TraceJob job, String conditionType, EventReason reason, String message) {
        recorder.fail(job, conditionType, reason, message);
        return ended(job);
    }

    /** The job has reached Succeeded or Failed in this pass. */
    Next ended(TraceJob job) {
        slots.forget(QueueTicket.of(job));
        return Next.FINISHED_PASS;
    }
}
