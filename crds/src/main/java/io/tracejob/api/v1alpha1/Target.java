package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.tracejob.api.v1alpha1.validation.CelRules;
import io.tracejob.api.v1alpha1.validation.Rules;

/** Which pod (and container) to trace, always in the TraceJob's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"podName", "selector", "container", "pick", "maxPods", "slowestBy"})
@ValidationRule(value = CelRules.TARGET_ONE_OF, message = CelRules.TARGET_ONE_OF_MSG)
public class Target {

    @Pattern(Rules.DNS_SUBDOMAIN)
    @Size(max = Rules.DNS_SUBDOMAIN_MAX)
    @JsonPropertyDescription("Name of the pod to trace. Exactly one of podName or selector.")
    private String podName;

    @JsonPropertyDescription(
            "Label selector of candidate pods. Exactly one of podName or selector.")
    private LabelSelector selector;

    @Pattern(Rules.DNS_LABEL)
    @Size(max = Rules.DNS_LABEL_MAX)
    @JsonPropertyDescription(
            "Container to trace; required when the pod has more than one container.")
    private String container;

    @Default("Slowest")
    @JsonPropertyDescription(
            "Which of the selected pods to trace: Slowest (ranked by slowestBy), All (up to maxPods)"
                    + " or Any.")
    private Pick pick = Pick.Slowest;

    @Default("" + Rules.MAX_PODS_DEFAULT)
    @Min(Rules.MAX_PODS_MIN)
    @Max(Rules.MAX_PODS_MAX)
    @JsonPropertyDescription("Most pods traced at once when pick is All.")
    private int maxPods = Rules.MAX_PODS_DEFAULT;

    @JsonPropertyDescription(
            "How pick Slowest ranks the candidates; exactly one member. When absent, the operator"
                    + " pre-traces every candidate with this job's own probe for "
                    + Rules.PRE_TRACE_DEFAULT
                    + ".")
    private SlowestBy slowestBy;

    public String getPodName() {
        return podName;
    }

    public void setPodName(String podName) {
        this.podName = podName;
    }

    public LabelSelector getSelector() {
        return selector;
    }

    public void setSelector(LabelSelector selector) {
        this.selector = selector;
    }

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
    }

    public Pick getPick() {
        return pick;
    }

    public void setPick(Pick pick) {
        this.pick = pick;
    }

    public int getMaxPods() {
        return maxPods;
    }

    public void setMaxPods(int maxPods) {
        this.maxPods = maxPods;
    }

    public SlowestBy getSlowestBy() {
        return slowestBy;
    }

    public void setSlowestBy(SlowestBy slowestBy) {
        this.slowestBy = slowestBy;
    }
}
