package io.tracejob.operator.status;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every reason the operator gives, on an Event and on the condition it explains: one closed list,
 * so that a typo cannot invent a reason that alerts and docs do not know. The text is the CamelCase
 * word users see.
 */
public enum EventReason {
    // Accepted: the job passed the operator's guards, or why not
    ACCEPTED("Accepted"),
    NAMESPACE_NOT_ALLOWED("NamespaceNotAllowed"),
    INVALID_SPEC("InvalidSpec"),
    DURATION_TOO_LONG("DurationTooLong"),
    FAMILY_NOT_ALLOWED("FamilyNotAllowed"),
    // Selected: choosing the pods to trace, or why none could be chosen
    SELECTING("Selecting"),
    SELECTED("Selected"),
    RESELECTING("Reselecting"),
    PRE_TRACING("PreTracing"),
    PRE_TRACE_FAILED("PreTraceFailed"),
    NO_CANDIDATES("NoCandidates"),
    METRICS_UNAVAILABLE("MetricsUnavailable"),
    PROMETHEUS_UNREACHABLE("PrometheusUnreachable"),
    PROMETHEUS_ANSWER_INVALID("PrometheusAnswerInvalid"),
    PROMETHEUS_ANSWER_AMBIGUOUS("PrometheusAnswerAmbiguous"),
    PROMETHEUS_QUERY_FAILED("PrometheusQueryFailed"),
    PROMETHEUS_NO_DATA("PrometheusNoData"),
    PROMETHEUS_URL_NOT_ALLOWED("PrometheusUrlNotAllowed"),
    NONE_SKIPPED("NoneSkipped"),
    // Waiting: agent slots on the target's node
    WAITING("Waiting"),
    NODE_BUSY("NodeBusy"),
    ADMITTED("Admitted"),
    // Running and done
    AGENTS_STARTED("AgentsStarted"),
    AGENTS_ADOPTED("AgentsAdopted"),
    COMPLETED("Completed"),
    PARTIAL_RESULT("PartialResult"),
    RESULT_UNREADABLE("ResultUnreadable"),
    OPERATOR_ERROR("OperatorError"),
    // an agent pod's failure, as the outcome reader names it (completion.FailureReasons;
    // EventReasonTest checks)
    AGENT_IMAGE_PULL_FAILED("AgentImagePullFailed"),
    AGENT_CONTAINER_ERROR("AgentContainerError"),
    AGENT_UNSCHEDULABLE("AgentUnschedulable"),
    AGENT_REJECTED_BY_NODE("AgentRejectedByNode"),
    AGENT_EVICTED("AgentEvicted"),
    AGENT_OOM_KILLED("AgentOOMKilled"),
    AGENT_DEADLINE_EXCEEDED("AgentDeadlineExceeded"),
    AGENT_REJECTED_SPEC("AgentRejectedSpec"),
    NODE_LACKS_CAPABILITY("NodeLacksCapability"),
    AGENT_ERROR("AgentError"),
    AGENT_NOT_STARTED("AgentNotStarted"),
    AGENT_POD_LOST("AgentPodLost"),
    // Stopped and Paused: spec.stop and the cluster-wide kill switch
    STOP_REQUESTED("StopRequested"),
    STOPPED("Stopped"),
    TRACING_PAUSED("TracingPaused"),
    TRACING_RESUMED("TracingResumed"),
    // TraceSchedule: a run started, replaced or skipped; suspension (the kill switch: above)
    RUN_STARTED("RunStarted"),
    RUN_REPLACED("RunReplaced"),
    RUNS_MISSED("RunsMissed"),
    RUN_PAST_DEADLINE("RunPastDeadline"),
    RUN_FORBIDDEN("RunForbidden"),
    SCHEDULE_SUSPENDED("Suspended"),
    SCHEDULE_RESUMED("Resumed");

    private static final Map<String, EventReason> BY_TEXT =
            Arrays.stream(values())
                    .collect(Collectors.toUnmodifiableMap(EventReason::text, Function.identity()));

    private final String text;

    EventReason(String text) {
        this.text = text;
    }

    /** The word on the Event and the condition. */
    public String text() {
        return text;
    }

    /**
     * The reason an agent outcome names (a completion.FailureReasons string). Every such string has
     * an entry (EventReasonTest checks), so an unknown one is a programming error.
     */
    public static EventReason of(String text) {
        EventReason r = BY_TEXT.get(text);
        if (r == null)
            throw new IllegalArgumentException("no EventReason for reason '" + text + "'");
        return r;
    }

    @Override
    public String toString() {
        return text;
    }
}
