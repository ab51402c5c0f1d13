package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The last evaluation of a TraceSchedule's trigger. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"time", "value", "state", "pendingSince", "lastFiredTime", "message"})
public class TriggerEvaluation {

    @JsonPropertyDescription("When the query was last evaluated (RFC 3339).")
    private String time;

    @JsonPropertyDescription("The highest sample of that evaluation; absent when there was none.")
    private String value;

    @JsonPropertyDescription(
            "Below, Pending (above threshold for less than 'for'), Firing or Error.")
    private TriggerState state;

    @JsonPropertyDescription("Since when the sample has been above threshold (RFC 3339).")
    private String pendingSince;

    @JsonPropertyDescription("When the trigger last started a TraceJob (RFC 3339).")
    private String lastFiredTime;

    @JsonPropertyDescription("What the evaluation found, or why it failed.")
    private String message;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public TriggerState getState() {
        return state;
    }

    public void setState(TriggerState state) {
        this.state = state;
    }

    public String getPendingSince() {
        return pendingSince;
    }

    public void setPendingSince(String pendingSince) {
        this.pendingSince = pendingSince;
    }

    public String getLastFiredTime() {
        return lastFiredTime;
    }

    public void setLastFiredTime(String lastFiredTime) {
        this.lastFiredTime = lastFiredTime;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
