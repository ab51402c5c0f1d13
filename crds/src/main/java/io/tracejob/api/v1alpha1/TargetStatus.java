package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import io.tracejob.api.v1alpha1.validation.Rules;
import java.util.List;

/** The pod and container actually traced, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "pod",
    "node",
    "pods",
    "nodes",
    "container",
    "containerID",
    "selectedBy",
    "candidates"
})
public class TargetStatus {

    @JsonPropertyDescription(
            "Traced pod, when one pod is traced; with pick All see pods (and status.perPod).")
    private String pod;

    @JsonPropertyDescription("Node the pod runs on, when the traced pods share one node.")
    private String node;

    @JsonPropertyDescription("Every traced pod (one with pick Any or Slowest).")
    @Size(max = Rules.PER_POD_MAX)
    private List<String> pods;

    @JsonPropertyDescription("Every node a traced pod runs on.")
    @Size(max = Rules.PER_POD_MAX)
    private List<String> nodes;

    @JsonPropertyDescription("Traced container.")
    private String container;

    @JsonPropertyDescription("Container runtime ID of the traced container.")
    private String containerID;

    @JsonPropertyDescription("Why this pod was chosen, as a sentence.")
    private String selectedBy;

    @JsonPropertyDescription(
            "Pods that were ranked, slowest first; at most the slowest 50 (selectedBy says how many"
                    + " were ranked).")
    @Size(max = Rules.CANDIDATES_MAX)
    private List<Candidate> candidates;

    public List<String> getPods() {
        return pods;
    }

    public void setPods(List<String> pods) {
        this.pods = pods;
    }

    public List<String> getNodes() {
        return nodes;
    }

    public void setNodes(List<String> nodes) {
        this.nodes = nodes;
    }

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

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
    }

    public String getContainerID() {
        return containerID;
    }

    public void setContainerID(String containerID) {
        this.containerID = containerID;
    }

    public String getSelectedBy() {
        return selectedBy;
    }

    public void setSelectedBy(String selectedBy) {
        this.selectedBy = selectedBy;
    }

    public List<Candidate> getCandidates() {
        return candidates;
    }

    public void setCandidates(List<Candidate> candidates) {
        this.candidates = candidates;
    }
}
