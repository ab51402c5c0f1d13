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
    "conditions",
    "target",
    "agentPods",
    "startTime",
    "completionTime",
    "result",
    "perPod",
    "message",
    "display"
})
public class TraceJobStatus {

    @JsonPropertyDescription("Pending, Selecting, Running, Succeeded or Failed.")
    private Phase phase;

    @JsonPropertyDescription("Generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription(
            "Standard conditions (type, status, reason, message, lastTransitionTime).")
    private List<Condition> conditions;

    @JsonPropertyDescription("The pod actually traced.")
    private TargetStatus target;

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
