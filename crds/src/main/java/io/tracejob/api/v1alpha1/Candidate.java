package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A pod considered by pick Slowest, with the value it was ranked by. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pod", "value"})
public class Candidate {

    @JsonPropertyDescription("Pod name.")
    private String pod;

    @JsonPropertyDescription(
            "Ranking value (query result, CPU cores or p99 nanoseconds); highest is slowest.")
    private Double value;

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public Double getValue() {
        return value;
    }

    public void setValue(Double value) {
        this.value = value;
    }
}
