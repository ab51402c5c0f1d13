package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import io.tracejob.api.v1alpha1.validation.Rules;

/**
 * One traced pod of pick All: its own headline figures, or why its agent produced none.
 *
 * <p>Deliberately without the pod's histogram and intervals: one compressed histogram is kilobytes,
 * and with up to {@value Rules#PER_POD_MAX} of them next to the merged one a status would approach
 * etcd's object limit (1.5 MiB) and make every watch of TraceJobs heavy. The merged histogram in
 * {@code status.result} keeps the full distribution.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "pod",
    "node",
    "agentPod",
    "count",
    "percentiles",
    "maxNanos",
    "inFlight",
    "processesTraced",
    "stopReason",
    "reason",
    "message"
})
public class PodResult {

    @Size(max = Rules.DNS_SUBDOMAIN_MAX)
    @JsonPropertyDescription("Traced pod.")
    private String pod;

    @Size(max = Rules.DNS_SUBDOMAIN_MAX)
    @JsonPropertyDescription("Node the pod runs on.")
    private String node;

    @Size(max = Rules.DNS_SUBDOMAIN_MAX)
    @JsonPropertyDescription("Agent pod that traced it, in the operator's agent namespace.")
    private String agentPod;

    @JsonPropertyDescription(
            "Calls measured in this pod; absent when its agent produced no result.")
    private Long count;

    @JsonPropertyDescription(
            "This pod's own percentiles (as in result.percentiles); absent when it measured nothing.")
    private Percentiles percentiles;

    @JsonPropertyDescription(
            "Largest value in this pod, in nanoseconds (or in the field's unit for measure Value).")
    private Long maxNanos;

    @JsonPropertyDescription(
            "Calls entered but not returned in this pod when tracing ended (a stuck pod shows here,"
                    + " not in its percentiles).")
    private InFlight inFlight;

    @JsonPropertyDescription("Processes of the pod the probe was attached to.")
    private Integer processesTraced;

    @JsonPropertyDescription(
            "Why this pod's tracing ended: Completed, TargetExited, BudgetExceeded, Signalled,"
                    + " DeadlineExceeded or Error; absent when its agent produced no result.")
    private StopReason stopReason;

    @Size(max = Rules.REASON_MAX)
    @JsonPropertyDescription(
            "Why the agent produced no result (a Failed condition reason such as AgentOOMKilled);"
                    + " absent when it did.")
    private String reason;

    @Size(max = Rules.STATUS_MESSAGE_MAX)
    @JsonPropertyDescription(
            "Why tracing stopped early or the agent failed, in words; absent when it completed.")
    private String message;

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public String getAgentPod() {
        return agentPod;
    }

    public void setAgentPod(String agentPod) {
        this.agentPod = agentPod;
    }

    public Long getCount() {
        return count;
    }

    public void setCount(Long count) {
        this.count = count;
    }

    public Percentiles getPercentiles() {
        return percentiles;
    }

    public void setPercentiles(Percentiles percentiles) {
        this.percentiles = percentiles;
    }

    public Long getMaxNanos() {
        return maxNanos;
    }

    public void setMaxNanos(Long maxNanos) {
        this.maxNanos = maxNanos;
    }

    public InFlight getInFlight() {
        return inFlight;
    }

    public void setInFlight(InFlight inFlight) {
        this.inFlight = inFlight;
    }

    public Integer getProcessesTraced() {
        return processesTraced;
    }

    public void setProcessesTraced(Integer processesTraced) {
        this.processesTraced = processesTraced;
    }

    public StopReason getStopReason() {
        return stopReason;
    }

    public void setStopReason(StopReason stopReason) {
        this.stopReason = stopReason;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
