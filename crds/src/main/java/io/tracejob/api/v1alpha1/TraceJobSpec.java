package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.tracejob.api.v1alpha1.validation.CelRules;
import io.tracejob.api.v1alpha1.validation.Rules;

/** What to trace, where, for how long and at what cost. Immutable once created, but for stop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "target",
    "probe",
    "duration",
    "interval",
    "overheadBudget",
    "histogram",
    "ttlSecondsAfterFinished",
    "stop"
})
public class TraceJobSpec {

    @Required
    @JsonPropertyDescription("Which pod and container to trace.")
    private Target target;

    @Required
    @JsonPropertyDescription("What to measure.")
    private Probe probe;

    @Required
    @Pattern(Rules.DURATION)
    @Size(max = Rules.DURATION_MAX)
    @ValidationRule(value = CelRules.DURATION_MIN, message = CelRules.DURATION_MIN_MSG)
    @JsonPropertyDescription(
            "How long to trace, e.g. 30s or 5m; at least "
                    + Rules.DURATION_MIN
                    + ". The operator enforces its configured maximum.")
    private String duration;

    @Default(Rules.INTERVAL_DEFAULT)
    @Pattern(Rules.DURATION)
    @Size(max = Rules.DURATION_MAX)
    @ValidationRule(value = CelRules.INTERVAL_MIN, message = CelRules.INTERVAL_MIN_MSG)
    @JsonPropertyDescription(
            "Length of each entry of result.intervals (a per-interval summary); at least "
                    + Rules.INTERVAL_MIN
                    + ".")
    private String interval = Rules.INTERVAL_DEFAULT;

    @Default("{}")
    @JsonPropertyDescription("CPU the probe may cost the target, and what to do beyond it.")
    private OverheadBudget overheadBudget = new OverheadBudget();

    @Default("{}")
    @JsonPropertyDescription("Histogram precision.")
    private HistogramSpec histogram = new HistogramSpec();

    @Default("" + Rules.TTL_SECONDS_DEFAULT)
    @Min(0)
    @JsonPropertyDescription("Seconds after the job finishes before it is deleted.")
    private long ttlSecondsAfterFinished = Rules.TTL_SECONDS_DEFAULT;

    @JsonPropertyDescription(
            "true stops the job: its agents detach on SIGTERM and their partial result is kept"
                    + " (a job not yet tracing ends without starting one). The one field that may"
                    + " change after creation, and only to true: kubectl patch tj NAME --type merge"
                    + " -p '{\"spec\":{\"stop\":true}}'.")
    private Boolean stop;

    public Target getTarget() {
        return target;
    }

    public void setTarget(Target target) {
        this.target = target;
    }

    public Probe getProbe() {
        return probe;
    }

    public void setProbe(Probe probe) {
        this.probe = probe;
    }

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public OverheadBudget getOverheadBudget() {
        return overheadBudget;
    }

    public void setOverheadBudget(OverheadBudget overheadBudget) {
        this.overheadBudget = overheadBudget;
    }

    public HistogramSpec getHistogram() {
        return histogram;
    }

    public void setHistogram(HistogramSpec histogram) {
        this.histogram = histogram;
    }

    public long getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(long ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }

    public Boolean getStop() {
        return stop;
    }

    public void setStop(Boolean stop) {
        this.stop = stop;
    }

    /** Whether {@code stop} is set to true. */
    public boolean stopRequested() {
        return Boolean.TRUE.equals(stop);
    }
}
