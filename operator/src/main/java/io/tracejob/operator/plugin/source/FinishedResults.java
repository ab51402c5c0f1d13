package io.tracejob.operator.plugin.source;

import io.fabric8.kubernetes.api.model.Condition;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.operator.status.ConditionTypes;

/**
 * The Result of a finished TraceJob, or why there is none in words a person can act on: not
 * finished yet (its phase and message), failed without a result (the Failed condition's reason). A
 * failed job that measured something keeps its Result: it is shown with why it stopped.
 */
public final class FinishedResults {
    private FinishedResults() {}

    public static Result of(TraceJob job) {
        String name = nameOf(job);
        TraceJobStatus status = job.getStatus();
        Phase phase = status == null ? null : status.getPhase();
        if (phase == null) {
            throw new PluginError(
                    "TraceJob "
                            + name
                            + " has no status yet: the operator has not picked it up (is it"
                            + " running? kubectl get pods -n tracejob-system)");
        }
        if (phase != Phase.Succeeded && phase != Phase.Failed) {
            throw new PluginError(
                    "TraceJob "
                            + name
                            + " is not finished yet: phase "
                            + phase
                            + (status.getMessage() == null ? "" : " (" + status.getMessage() + ")")
                            + "; follow it with kubectl get tj "
                            + job.getMetadata().getName()
                            + " -w");
        }
        Result result = status.getResult();
        if (result != null) return result;
        if (phase == Phase.Failed) {
            throw new PluginError(
                    "TraceJob " + name + " failed without a result: " + failure(status));
        }
        throw new PluginError("TraceJob " + name + " succeeded but its status holds no result");
    }

    /** "namespace/name", or the name alone when the manifest has no namespace. */
    public static String nameOf(TraceJob job) {
        String ns = job.getMetadata() == null ? null : job.getMetadata().getNamespace();
        String name = job.getMetadata() == null ? null : job.getMetadata().getName();
        return ns == null ? String.valueOf(name) : ns + "/" + name;
    }

    private static String failure(TraceJobStatus status) {
        if (status.getConditions() != null) {
            for (Condition c : status.getConditions()) {
                if (ConditionTypes.FAILED.equals(c.getType()) && "True".equals(c.getStatus())) {
                    return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                }
            }
        }
        return status.getMessage() == null ? "no reason recorded" : status.getMessage();
    }
}
