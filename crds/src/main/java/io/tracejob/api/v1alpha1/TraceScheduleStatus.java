package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;

/** Observed state of a TraceSchedule; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "lastScheduleTime",
    "lastSuccessfulTime",
    "nextScheduleTime",
    "lastDueTime",
    "active",
    "history",
    "lastP99",
    "p99VsMedian",
    "skippedRuns",
    "lastTrigger",
    "conditions",
    "observedGeneration"
})
public class TraceScheduleStatus {

    @JsonPropertyDescription("When a TraceJob was last created (RFC 3339).")
    private String lastScheduleTime;

    @JsonPropertyDescription("When a TraceJob last succeeded (RFC 3339).")
    private String lastSuccessfulTime;

    @JsonPropertyDescription("When the next TraceJob is due (RFC 3339); absent while suspended.")
    private String nextScheduleTime;

    @JsonPropertyDescription(
            "The latest due time the operator has handled, started or skipped (RFC 3339).")
    private String lastDueTime;

    @JsonPropertyDescription("TraceJobs still running.")
    private List<ObjectReference> active;

    @JsonPropertyDescription("Recent runs, newest first.")
    private List<ScheduleRun> history;

    @JsonPropertyDescription("p99 of the last successful run, formatted for kubectl get.")
    private String lastP99;

    @JsonPropertyDescription(
            "The last p99 against the median p99 of the history, e.g. 1.8x; the trend at a glance.")
    private String p99VsMedian;

    @JsonPropertyDescription(
            "Runs not started: past startingDeadlineSeconds, forbidden by concurrencyPolicy, or"
                    + " missed while the operator was down (only the latest of those starts).")
    private Long skippedRuns;

    @JsonPropertyDescription("The last evaluation of spec.trigger: time, value and state.")
    private TriggerEvaluation lastTrigger;

    public TriggerEvaluation getLastTrigger() {
        return lastTrigger;
    }

    public void setLastTrigger(TriggerEvaluation lastTrigger) {
        this.lastTrigger = lastTrigger;
    }

    @JsonPropertyDescription(
            "Standard conditions; Ready=False with the reason when the schedule cannot run.")
    private List<Condition> conditions;

    @JsonPropertyDescription("Generation of the spec this status describes.")
    private Long observedGeneration;

    public String getLastScheduleTime() {
        return lastScheduleTime;
    }

    public void setLastScheduleTime(String lastScheduleTime) {
        this.lastScheduleTime = lastScheduleTime;
    }

    public String getLastSuccessfulTime() {
        return lastSuccessfulTime;
    }

    public void setLastSuccessfulTime(String lastSuccessfulTime) {
        this.lastSuccessfulTime = lastSuccessfulTime;
    }

    public List<ObjectReference> getActive() {
        return active;
    }

    public void setActive(List<ObjectReference> active) {
        this.active = active;
    }

    public List<ScheduleRun> getHistory() {
        return history;
    }

    public void setHistory(List<ScheduleRun> history) {
        this.history = history;
    }

    public String getLastP99() {
        return lastP99;
    }

    public void setLastP99(String lastP99) {
        this.lastP99 = lastP99;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getNextScheduleTime() {
        return nextScheduleTime;
    }

    public void setNextScheduleTime(String nextScheduleTime) {
        this.nextScheduleTime = nextScheduleTime;
    }

    public String getP99VsMedian() {
        return p99VsMedian;
    }

    public void setP99VsMedian(String p99VsMedian) {
        this.p99VsMedian = p99VsMedian;
    }

    public Long getSkippedRuns() {
        return skippedRuns;
    }

    public void setSkippedRuns(Long skippedRuns) {
        this.skippedRuns = skippedRuns;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getLastDueTime() {
        return lastDueTime;
    }

    public void setLastDueTime(String lastDueTime) {
        this.lastDueTime = lastDueTime;
    }
}
