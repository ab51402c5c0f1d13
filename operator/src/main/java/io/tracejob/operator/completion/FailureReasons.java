package io.tracejob.operator.completion;

/**
 * Condition reasons for agent failures: stable strings, also the {@code reason} tag of the failure
 * metric.
 */
public final class FailureReasons {
    private FailureReasons() {}

    public static final String IMAGE_PULL = "AgentImagePullFailed";
    public static final String CONTAINER_ERROR = "AgentContainerError";
    public static final String UNSCHEDULABLE = "AgentUnschedulable";
    public static final String REJECTED_BY_NODE = "AgentRejectedByNode";
    public static final String EVICTED = "AgentEvicted";
    public static final String OOM_KILLED = "AgentOOMKilled";
    public static final String DEADLINE_EXCEEDED = "AgentDeadlineExceeded";
    public static final String BAD_INPUT = "AgentRejectedSpec";
    public static final String NODE_LACKS_CAPABILITY = "NodeLacksCapability";
    public static final String AGENT_ERROR = "AgentError";
    public static final String NOT_STARTED = "AgentNotStarted";
    public static final String POD_LOST = "AgentPodLost";
}
