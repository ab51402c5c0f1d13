package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Latency percentiles in nanoseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"p50", "p90", "p99", "p99.9", "p99.99"})
public class Percentiles {

    @JsonPropertyDescription("50th percentile (median).")
    private long p50;

    @JsonPropertyDescription("90th percentile.")
    private long p90;

    @JsonPropertyDescription("99th percentile.")
    private long p99;

    @JsonProperty("p99.9")
    @JsonPropertyDescription("99.9th percentile.")
    private long p999;

    @JsonProperty("p99.99")
    @JsonPropertyDescription("99.99th percentile.")
    private long p9999;

    public long getP50() {
        return p50;
    }

    public void setP50(long p50) {
        this.p50 = p50;
    }

    public long getP90() {
        return p90;
    }

    public void setP90(long p90) {
        this.p90 = p90;
    }

    public long getP99() {
        return p99;
    }

    public void setP99(long p99) {
        this.p99 = p99;
    }

    public long getP999() {
        return p999;
    }

    public void setP999(long p999) {
        this.p999 = p999;
    }

    public long getP9999() {
        return p9999;
    }

    public void setP9999(long p9999) {
        this.p9999 = p9999;
    }

    /**
     * The reported percentiles of {@code h}, as HdrHistogram computes them (highest equivalent
     * value of the bucket).
     */
    public static Percentiles of(org.HdrHistogram.Histogram h) {
        Percentiles p = new Percentiles();
        p.setP50(h.getValueAtPercentile(50));
        p.setP90(h.getValueAtPercentile(90));
        p.setP99(h.getValueAtPercentile(99));
        p.setP999(h.getValueAtPercentile(99.9));
        p.setP9999(h.getValueAtPercentile(99.99));
        return p;
    }
}
