package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.tracejob.api.v1alpha1.validation.CelRules;
import io.tracejob.api.v1alpha1.validation.Rules;

/** Ranks candidate pods by pre-tracing each one with the job's own probe. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbeRanking {

    @Default(Rules.PRE_TRACE_DEFAULT)
    @Pattern(Rules.DURATION)
    @Size(max = Rules.DURATION_MAX)
    @ValidationRule(value = CelRules.PRE_TRACE_RANGE, message = CelRules.PRE_TRACE_RANGE_MSG)
    @JsonPropertyDescription(
            "How long to pre-trace each candidate ("
                    + Rules.PRE_TRACE_MIN
                    + " to "
                    + Rules.PRE_TRACE_MAX
                    + ").")
    private String duration = Rules.PRE_TRACE_DEFAULT;

    @Default("" + Rules.PRE_TRACE_CANDIDATES_DEFAULT)
    @Min(Rules.PRE_TRACE_CANDIDATES_MIN)
    @Max(Rules.PRE_TRACE_CANDIDATES_MAX)
    @JsonPropertyDescription(
            "Most pods pre-traced (one agent pod each); when more match, the busiest by CPU usage"
                    + " (metrics.k8s.io) are pre-traced and selectedBy names the rest. The operator's"
                    + " max-pre-trace-candidates may lower it.")
    private int maxCandidates = Rules.PRE_TRACE_CANDIDATES_DEFAULT;

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public int getMaxCandidates() {
        return maxCandidates;
    }

    public void setMaxCandidates(int maxCandidates) {
        this.maxCandidates = maxCandidates;
    }
}
