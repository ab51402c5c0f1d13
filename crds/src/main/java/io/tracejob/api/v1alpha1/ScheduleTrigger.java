package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** What starts a TraceJob besides (or instead of) the cron schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleTrigger {

    @Required
    @JsonPropertyDescription(
            "A Prometheus instant query evaluated every interval; a TraceJob starts when a sample"
                    + " stays above threshold for 'for', at most one per cooldown.")
    private PrometheusTrigger prometheus;

    public PrometheusTrigger getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(PrometheusTrigger prometheus) {
        this.prometheus = prometheus;
    }
}
