package io.tracejob.operator.status;

/** Condition types on a TraceJob, one per step of the story {@code kubectl describe} tells. */
public final class ConditionTypes {
    private ConditionTypes() {}

    /** Passed validation and the operator's guards. */
    public static final String ACCEPTED = "Accepted";

    /** A target pod was chosen (False with the reason when none could be). */
    public static final String SELECTED = "Selected";

    /**
     * Pick All: some chosen pods get no agent, their nodes being known to lack the probe family.
     */
    public static final String TARGETS_SKIPPED = "TargetsSkipped";

    /** Waiting for an agent slot on the target's node. */
    public static final String WAITING = "Waiting";

    /** Agents are tracing. */
    public static final String RUNNING = "Running";

    /** Ended with a result (reason PartialResult when cut short). */
    public static final String COMPLETE = "Complete";

    /** Asked to stop (spec.stop or the kill switch); the message says who. */
    public static final String STOPPED = "Stopped";

    /** Not started because tracing is paused cluster-wide; the message gives the reason. */
    public static final String PAUSED = "Paused";

    /** Ended without a result. */
    public static final String FAILED = "Failed";
}
