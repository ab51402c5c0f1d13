package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Summary of one interval of the trace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"start", "count", "p50", "p99", "max"})
public class IntervalSnapshot {

    @JsonPropertyDescription("Start of the interval (RFC 3339).")
    private String start;

    @JsonPropertyDescription("Calls completed in the interval.")
    private long count;

    @JsonPropertyDescription("Median in nanoseconds.")
    private long p50;

    @JsonPropertyDescription("99th percentile in nanoseconds.")
    private long p99;

    @JsonPropertyDescription("Maximum in nanoseconds.")
    private long max;

    public String getStart() {
        return start;
    }

    public void setStart(String start) {
        this.start = start;
    }

    public long getCount() {
        return count;
    }

    public void setCount(long count) {
        this.count = count;
    }

    public long getP50() {
        return p50;
    }

    public void setP50(long p50) {
        this.p50 = p50;
    }

    public long getP99() {
        return p99;
    }

    public void setP99(long p99) {
        this.p99 = p99;
    }

    public long getMax() {
        return max;
    }

    public void setMax(long max) {
        this.max = max;
    }
}
