package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.tracejob.api.v1alpha1.validation.CronSchemaRules;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.api.v1alpha1.validation.TriggerRules;

/** When to create TraceJobs and from which template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "schedule",
    "timeZone",
    "suspend",
    "concurrencyPolicy",
    "startingDeadlineSeconds",
    "successfulJobsHistoryLimit",
    "failedJobsHistoryLimit",
    "jobTemplate",
    "trigger"
})
@ValidationRule(
        value = TriggerRules.SCHEDULE_OR_TRIGGER_CEL,
        message = TriggerRules.SCHEDULE_OR_TRIGGER_MSG)
public class TraceScheduleSpec {

    @Pattern(Rules.CRON)
    @Size(max = Rules.CRON_MAX)
    @ValidationRule(
            value = CronSchemaRules.RANGES_ASCEND,
            message = CronSchemaRules.RANGES_ASCEND_MSG)
    @ValidationRule(value = CronSchemaRules.DAY_EXISTS, message = CronSchemaRules.DAY_EXISTS_MSG)
    @JsonPropertyDescription(
            "Cron schedule: five fields (minute hour day-of-month month day-of-week), e.g."
                    + " '0 * * * *', or a macro such as @hourly. Optional with a trigger.")
    private String schedule;

    @Pattern(Rules.TIME_ZONE)
    @Size(max = Rules.TIME_ZONE_MAX)
    @JsonPropertyDescription(
            "IANA time zone of the schedule, e.g. Europe/Berlin; the operator's zone (UTC) when absent.")
    private String timeZone;

    @Default("false")
    @JsonPropertyDescription("When true, no new TraceJobs are created; running ones go on.")
    private boolean suspend = false;

    @Default("Forbid")
    @JsonPropertyDescription(
            "When a run is due while the previous TraceJob still runs: Allow (run both), Forbid"
                    + " (skip the new run) or Replace (stop the old one).")
    private ConcurrencyPolicy concurrencyPolicy = ConcurrencyPolicy.Forbid;

    @Min(0)
    @JsonPropertyDescription(
            "Seconds after the due time within which a missed run may still start.")
    private Long startingDeadlineSeconds;

    @Default("" + Rules.SUCCESSFUL_HISTORY_DEFAULT)
    @Min(0)
    @Max(Rules.HISTORY_LIMIT_MAX)
    @JsonPropertyDescription("Succeeded TraceJobs to keep.")
    private int successfulJobsHistoryLimit = Rules.SUCCESSFUL_HISTORY_DEFAULT;

    @Default("" + Rules.FAILED_HISTORY_DEFAULT)
    @Min(0)
    @Max(Rules.HISTORY_LIMIT_MAX)
    @JsonPropertyDescription("Failed TraceJobs to keep.")
    private int failedJobsHistoryLimit = Rules.FAILED_HISTORY_DEFAULT;

    @Required
    @JsonPropertyDescription("The TraceJob to create on every run.")
    private JobTemplate jobTemplate;

    @JsonPropertyDescription(
            "Start a TraceJob when a condition holds (instead of, or besides, schedule).")
    private ScheduleTrigger trigger;

    public ScheduleTrigger getTrigger() {
        return trigger;
    }

    public void setTrigger(ScheduleTrigger trigger) {
        this.trigger = trigger;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public boolean isSuspend() {
        return suspend;
    }

    public void setSuspend(boolean suspend) {
        this.suspend = suspend;
    }

    public ConcurrencyPolicy getConcurrencyPolicy() {
        return concurrencyPolicy;
    }

    public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
        this.concurrencyPolicy = concurrencyPolicy;
    }

    public Long getStartingDeadlineSeconds() {
        return startingDeadlineSeconds;
    }

    public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
        this.startingDeadlineSeconds = startingDeadlineSeconds;
    }

    public int getSuccessfulJobsHistoryLimit() {
        return successfulJobsHistoryLimit;
    }

    public void setSuccessfulJobsHistoryLimit(int successfulJobsHistoryLimit) {
        this.successfulJobsHistoryLimit = successfulJobsHistoryLimit;
    }

    public int getFailedJobsHistoryLimit() {
        return failedJobsHistoryLimit;
    }

    public void setFailedJobsHistoryLimit(int failedJobsHistoryLimit) {
        this.failedJobsHistoryLimit = failedJobsHistoryLimit;
    }

    public JobTemplate getJobTemplate() {
        return jobTemplate;
    }

    public void setJobTemplate(JobTemplate jobTemplate) {
        this.jobTemplate = jobTemplate;
    }
}
