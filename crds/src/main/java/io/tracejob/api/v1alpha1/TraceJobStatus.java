package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import io.tracejob.api.v1alpha1.validation.Rules;
import java.util.List;

/** Observed state of a TraceJob; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "phase",
    "observedGeneration",
    "firstSeenTime",
    "conditions",
    "target",
    "queuedOn",
    "agentPods",
    "startTime",
    "completionTime",
    "result",
    "perPod",
    "nodeGaps",
    "message",
    "display"
})
public class TraceJobStatus {

    @JsonPropertyDescription("Pending, Selecting, Running, Succeeded or Failed.")
    private Phase phase;

    @JsonPropertyDescription("Generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription(
            "When the operator first saw the job (RFC 3339, microseconds): after creationTimestamp"
                    + " (whole seconds) it orders the node queues, so jobs created in the same"
                    + " second are served in the order they reached the operator.")
    private String firstSeenTime;

    @JsonPropertyDescription(
            "Standard conditions (type, status, reason, message, lastTransitionTime).")
    private List<Condition> conditions;

    @JsonPropertyDescription("The pod actually traced.")
    private TargetStatus target;

    @Size(max = Rules.QUEUED_ON_MAX)
    @JsonPropertyDescription(
            "The nodes on which the job waits for an agent slot: in phase Pending (condition Waiting"
                    + " says its place in each node's queue), or Selecting for pre-trace agents. The"
                    + " operator rebuilds its node queues from these after a restart.")
    private List<String> queuedOn;

    @JsonPropertyDescription("Names of the agent pods that ran the trace.")
    private List<String> agentPods;

    @JsonPropertyDescription("When tracing started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the job finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Latency distribution and cost of the trace.")
    private Result result;

    @Size(max = Rules.PER_POD_MAX)
    @JsonPropertyDescription(
            "Pick All only: one entry per traced pod with its own figures, or why its agent produced"
                    + " none; highest p99 first, pods without figures last. result holds the merged figures.")
    private List<PodResult> perPod;

    @Size(max = Rules.NODE_GAPS_MAX)
    @JsonPropertyDescription(
            "Nodes this job's agents found lacking its probe family (agent exit 3, node-scoped)."
                    + " The operator starts no agent of that family there until node-capability-ttl"
                    + " has passed, and rebuilds that memory from these after a restart.")
    private List<NodeGap> nodeGaps;

    @JsonPropertyDescription("Human explanation of the current phase.")
    private String message;

    @JsonPropertyDescription("Figures formatted for kubectl get.")
    private Display display;

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getFirstSeenTime() {
        return firstSeenTime;
    }

    public void setFirstSeenTime(String firstSeenTime) {
        this.firstSeenTime = firstSeenTime;
    }

    public List<String> getQueuedOn() {
        return queuedOn;
    }

    public void setQueuedOn(List<String> queuedOn) {
        this.queuedOn = queuedOn;
    }

    public List<NodeGap> getNodeGaps() {
        return nodeGaps;
    }

    public void setNodeGaps(List<NodeGap> nodeGaps) {
        this.nodeGaps = nodeGaps;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public TargetStatus getTarget() {
        return target;
    }

    public void setTarget(TargetStatus target) {
        this.target = target;
    }

    public List<String> getAgentPods() {
        return agentPods;
    }

    public void setAgentPods(List<String> agentPods) {
        this.agentPods = agentPods;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public Result getResult() {
        return result;
    }

    public void setResult(Result result) {
        this.result = result;
    }

    public List<PodResult> getPerPod() {
        return perPod;
    }

    public void setPerPod(List<PodResult> perPod) {
        this.perPod = perPod;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Display getDisplay() {
        return display;
    }

    public void setDisplay(Display display) {
        this.display = display;
    }
}
