package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.ValidationRule;
import io.tracejob.api.v1alpha1.validation.CelRules;

/** How to rank candidate pods for pick Slowest; exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"prometheus", "cpu", "probe"})
@ValidationRule(value = CelRules.SLOWEST_BY_ONE_OF, message = CelRules.SLOWEST_BY_ONE_OF_MSG)
public class SlowestBy {

    @JsonPropertyDescription(
            "Rank by a Prometheus query that returns one value per pod (highest is slowest).")
    private PrometheusRanking prometheus;

    @JsonPropertyDescription("Rank by CPU usage from metrics.k8s.io (highest is slowest).")
    private CpuRanking cpu;

    @JsonPropertyDescription(
            "Pre-trace each candidate (at most maxCandidates) with this job's own probe and pick the"
                    + " highest p99.")
    private ProbeRanking probe;

    public PrometheusRanking getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(PrometheusRanking prometheus) {
        this.prometheus = prometheus;
    }

    public CpuRanking getCpu() {
        return cpu;
    }

    public void setCpu(CpuRanking cpu) {
        this.cpu = cpu;
    }

    public ProbeRanking getProbe() {
        return probe;
    }

    public void setProbe(ProbeRanking probe) {
        this.probe = probe;
    }
}
