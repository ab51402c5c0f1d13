package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import io.tracejob.api.v1alpha1.validation.Rules;

/**
 * A node found lacking a probe family by one of the job's agents. Kept in the status of the job
 * that learned it, so the operator's memory of such nodes is the cluster's and survives a restart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"node", "family", "agentPod", "agentMessage", "learnedTime"})
public class NodeGap {

    @Size(max = Rules.DNS_SUBDOMAIN_MAX)
    @JsonPropertyDescription("The node.")
    private String node;

    @JsonPropertyDescription("The probe family the node lacks.")
    private ProbeFamily family;

    @Size(max = Rules.DNS_SUBDOMAIN_MAX)
    @JsonPropertyDescription("The agent pod that found it.")
    private String agentPod;

    @Size(max = Rules.STATUS_MESSAGE_MAX)
    @JsonPropertyDescription("What the agent said (its exit-3 message).")
    private String agentMessage;

    @JsonPropertyDescription("When the operator read it (RFC 3339).")
    private String learnedTime;

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public ProbeFamily getFamily() {
        return family;
    }

    public void setFamily(ProbeFamily family) {
        this.family = family;
    }

    public String getAgentPod() {
        return agentPod;
    }

    public void setAgentPod(String agentPod) {
        this.agentPod = agentPod;
    }

    public String getAgentMessage() {
        return agentMessage;
    }

    public void setAgentMessage(String agentMessage) {
        this.agentMessage = agentMessage;
    }

    public String getLearnedTime() {
        return learnedTime;
    }

    public void setLearnedTime(String learnedTime) {
        this.learnedTime = learnedTime;
    }
}
