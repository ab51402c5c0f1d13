package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One TraceJob started by a TraceSchedule, with its headline figures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "job",
    "scheduledTime",
    "phase",
    "count",
    "p50",
    "p99",
    "p99.99",
    "max",
    "overheadCpuPercent",
    "stopReason"
})
public class ScheduleRun {

    @JsonPropertyDescription("TraceJob name.")
    private String job;

    @JsonPropertyDescription("When the run was due (RFC 3339).")
    private String scheduledTime;

    @JsonPropertyDescription("Phase of the job.")
    private Phase phase;

    @JsonPropertyDescription("Calls measured.")
    private Long count;

    @JsonPropertyDescription("Median in nanoseconds.")
    private Long p50;

    @JsonPropertyDescription("99th percentile in nanoseconds.")
    private Long p99;

    @JsonProperty("p99.99")
    @JsonPropertyDescription("99.99th percentile in nanoseconds.")
    private Long p9999;

    @JsonPropertyDescription("Maximum in nanoseconds.")
    private Long max;

    @JsonPropertyDescription(
            "Estimated CPU the probe added to the target, in percent of one core"
                    + " (result.overhead.estimatedCpuPercent).")
    private Double overheadCpuPercent;

    @JsonPropertyDescription("Why the trace stopped, or why the job failed.")
    private String stopReason;

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public String getScheduledTime() {
        return scheduledTime;
    }

    public void setScheduledTime(String scheduledTime) {
        this.scheduledTime = scheduledTime;
    }

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public Long getCount() {
        return count;
    }

    public void setCount(Long count) {
        this.count = count;
    }

    public Long getP50() {
        return p50;
    }

    public void setP50(Long p50) {
        this.p50 = p50;
    }

    public Long getP99() {
        return p99;
    }

    public void setP99(Long p99) {
        this.p99 = p99;
    }

    public Long getP9999() {
        return p9999;
    }

    public void setP9999(Long p9999) {
        this.p9999 = p9999;
    }

    public Long getMax() {
        return max;
    }

    public void setMax(Long max) {
        this.max = max;
    }

    public Double getOverheadCpuPercent() {
        return overheadCpuPercent;
    }

    public void setOverheadCpuPercent(Double overheadCpuPercent) {
        this.overheadCpuPercent = overheadCpuPercent;
    }

    public String getStopReason() {
        return stopReason;
    }

    public void setStopReason(String stopReason) {
        this.stopReason = stopReason;
    }
}
