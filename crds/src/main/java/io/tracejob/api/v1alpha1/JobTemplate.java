package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.tracejob.api.v1alpha1.validation.CelRules;

/** The TraceJob a TraceSchedule creates on every run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"metadata", "spec"})
public class JobTemplate {

    @JsonPropertyDescription("Labels and annotations of the created TraceJobs.")
    private JobTemplateMetadata metadata;

    @Required
    @JsonPropertyDescription("Spec of the created TraceJobs.")
    @ValidationRule(
            value = CelRules.TEMPLATE_NOT_STOPPED,
            message = CelRules.TEMPLATE_NOT_STOPPED_MSG)
    private TraceJobSpec spec;

    public JobTemplateMetadata getMetadata() {
        return metadata;
    }

    public void setMetadata(JobTemplateMetadata metadata) {
        this.metadata = metadata;
    }

    public TraceJobSpec getSpec() {
        return spec;
    }

    public void setSpec(TraceJobSpec spec) {
        this.spec = spec;
    }
}
