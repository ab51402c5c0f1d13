package io.tracejob.api.v1alpha1;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.INTEGER;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.tracejob.api.v1alpha1.validation.CelRules;

/** One bounded trace of one probe in one pod (or a few), ending with a latency histogram. */
@Group(TraceJob.GROUP)
@Version(TraceJob.VERSION)
@ShortNames("tj")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = STRING)
@AdditionalPrinterColumn(name = "Pod", jsonPath = ".status.target.pod", type = STRING)
@AdditionalPrinterColumn(name = "Calls", jsonPath = ".status.result.count", type = INTEGER)
@AdditionalPrinterColumn(name = "P50", jsonPath = ".status.display.p50", type = STRING)
@AdditionalPrinterColumn(name = "P99", jsonPath = ".status.display.p99", type = STRING)
@AdditionalPrinterColumn(name = "P99.99", jsonPath = ".status.display.p9999", type = STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE)
public class TraceJob extends CustomResource<TraceJobSpec, TraceJobStatus> implements Namespaced {
    public static final String GROUP = "tracing.tracejob.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "TraceJob";

    // Declared here rather than on TraceJobSpec so that a TraceSchedule's jobTemplate.spec stays
    // editable.
    @Override
    @Required
    @ValidationRule(value = CelRules.SPEC_IMMUTABLE, message = CelRules.SPEC_IMMUTABLE_MSG)
    @JsonPropertyDescription("What to trace; immutable after creation.")
    public TraceJobSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed; written by the operator only.")
    public TraceJobStatus getStatus() {
        return super.getStatus();
    }
}
