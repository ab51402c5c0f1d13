package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;

/** Observed state of a TraceSchedule; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "lastScheduleTime",
    "lastSuccessfulTime",
    "active",
    "history",
    "lastP99",
    "observedGeneration"
})
public class TraceScheduleStatus {

    @JsonPropertyDescription("When a TraceJob was last created (RFC 3339).")
    private String lastScheduleTime;

    @JsonPropertyDescription("When a TraceJob last succeeded (RFC 3339).")
    private String lastSuccessfulTime;

    @JsonPropertyDescription("TraceJobs still running.")
    private List<ObjectReference> active;

    @JsonPropertyDescription("Recent runs, newest first.")
    private List<ScheduleRun> history;

    @JsonPropertyDescription("p99 of the last successful run, formatted for kubectl get.")
    private String lastP99;

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
}
