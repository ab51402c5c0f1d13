package io.tracejob.operator.reconciler;

import io.tracejob.api.v1alpha1.TraceJob;

/**
 * One phase of a TraceJob's life: decides from the job's status and its agent pods alone and acts
 * once. All state lives in status and in the agent pods, so a restarted operator resumes where the
 * last one stopped.
 */
interface PhaseHandler {
    Next handle(TraceJob job);
}
