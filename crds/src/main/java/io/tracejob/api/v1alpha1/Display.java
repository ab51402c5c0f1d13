package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Human-readable figures shown by kubectl get (e.g. 4.1µs, 32.8ms). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"p50", "p99", "p9999"})
public class Display {

    @JsonPropertyDescription("Median.")
    private String p50;

    @JsonPropertyDescription("99th percentile.")
    private String p99;

    @JsonPropertyDescription("99.99th percentile.")
    private String p9999;

    public String getP50() {
        return p50;
    }

    public void setP50(String p50) {
        this.p50 = p50;
    }

    public String getP99() {
        return p99;
    }

    public void setP99(String p99) {
        this.p99 = p99;
    }

    public String getP9999() {
        return p9999;
    }

    public void setP9999(String p9999) {
        this.p9999 = p9999;
    }
}
