package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one trace: the same JSON in the agent's output file, its termination message and
 * the TraceJob's {@code status.result}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "count",
    "minNanos",
    "maxNanos",
    "meanNanos",
    "percentiles",
    "significantDigits",
    "histogram",
    "intervals",
    "inFlight",
    "overhead",
    "stopReason",
    "message",
    "warnings",
    "processesTraced",
    "attachPoint"
})
public class Result {

    // Unknown fields are tolerated so that an older operator can read a newer agent's result.
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonPropertyDescription("Calls measured (completed operations, or firings for measure Count).")
    private long count;

    @JsonPropertyDescription(
            "Smallest value in nanoseconds (or in the field's unit for measure Value).")
    private long minNanos;

    @JsonPropertyDescription(
            "Largest value in nanoseconds (or in the field's unit for measure Value).")
    private long maxNanos;

    @JsonPropertyDescription(
            "Mean value in nanoseconds (or in the field's unit for measure Value).")
    private double meanNanos;

    @JsonPropertyDescription("Percentiles p50, p90, p99, p99.9 and p99.99.")
    private Percentiles percentiles;

    @JsonPropertyDescription("Significant decimal digits of the histogram.")
    private int significantDigits;

    @JsonPropertyDescription("The full histogram: base64 of HdrHistogram's compressed encoding.")
    private String histogram;

    @JsonPropertyDescription("One summary per interval of the trace, oldest first.")
    private List<IntervalSnapshot> intervals;

    @JsonPropertyDescription(
            "Calls entered but not returned when tracing ended (often the slowest ones).")
    private InFlight inFlight;

    @JsonPropertyDescription("What the probe cost the target.")
    private Overhead overhead;

    @JsonPropertyDescription(
            "Why tracing ended: Completed, TargetExited, BudgetExceeded, Signalled,"
                    + " DeadlineExceeded or Error.")
    private StopReason stopReason;

    @JsonPropertyDescription("Why tracing stopped, in words, when stopReason is not Completed.")
    private String message;

    @JsonPropertyDescription(
            "Things the reader should know about the figures (e.g. dropped events).")
    private List<String> warnings = new ArrayList<>();

    @JsonPropertyDescription("Processes of the target the probe was attached to.")
    private int processesTraced;

    @JsonPropertyDescription("Where the probe was attached, in words (binary, symbol, address).")
    private String attachPoint;

    /** This result as compact JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write Result as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a result written by {@link #toJson()}; fails with the parser's position on malformed
     * input.
     */
    public static Result fromJson(String json) {
        try {
            return JSON.readValue(json, Result.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a TraceJob result: "
                            + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line "
                                            + e.getLocation().getLineNr()
                                            + ", column "
                                            + e.getLocation().getColumnNr()),
                    e);
        }
    }

    /**
     * Sets the distribution fields from {@code h} — count, min, max, mean, percentiles (when
     * anything was recorded), significant digits and the encoded histogram — so every producer
     * reports them alike.
     */
    public Result withDistribution(Histogram h, int significantDigits) {
        setCount(h.getTotalCount());
        setSignificantDigits(significantDigits);
        if (h.getTotalCount() > 0) {
            setMinNanos(h.getMinValue());
            setMaxNanos(h.getMaxValue());
            setMeanNanos(h.getMean());
            setPercentiles(Percentiles.of(h));
        }
        setHistogram(encodeHistogram(h));
        return this;
    }

    /**
     * HdrHistogram's compressed encoding of {@code h}, base64: the form kept in {@link
     * #getHistogram()}.
     */
    public static String encodeHistogram(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The full histogram decoded from {@link #getHistogram()}. */
    public Histogram decodeHistogram() {
        if (histogram == null || histogram.isEmpty()) {
            throw new IllegalStateException("result has no histogram");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(histogram);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "result.histogram is not base64: " + e.getMessage(), e);
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "result.histogram is not an HdrHistogram compressed encoding: " + e, e);
        }
    }

    public long getCount() {
        return count;
    }

    public void setCount(long count) {
        this.count = count;
    }

    public long getMinNanos() {
        return minNanos;
    }

    public void setMinNanos(long minNanos) {
        this.minNanos = minNanos;
    }

    public long getMaxNanos() {
        return maxNanos;
    }

    public void setMaxNanos(long maxNanos) {
        this.maxNanos = maxNanos;
    }

    public double getMeanNanos() {
        return meanNanos;
    }

    public void setMeanNanos(double meanNanos) {
        this.meanNanos = meanNanos;
    }

    public Percentiles getPercentiles() {
        return percentiles;
    }

    public void setPercentiles(Percentiles percentiles) {
        this.percentiles = percentiles;
    }

    public int getSignificantDigits() {
        return significantDigits;
    }

    public void setSignificantDigits(int significantDigits) {
        this.significantDigits = significantDigits;
    }

    public String getHistogram() {
        return histogram;
    }

    public void setHistogram(String histogram) {
        this.histogram = histogram;
    }

    public List<IntervalSnapshot> getIntervals() {
        return intervals;
    }

    public void setIntervals(List<IntervalSnapshot> intervals) {
        this.intervals = intervals;
    }

    public InFlight getInFlight() {
        return inFlight;
    }

    public void setInFlight(InFlight inFlight) {
        this.inFlight = inFlight;
    }

    public Overhead getOverhead() {
        return overhead;
    }

    public void setOverhead(Overhead overhead) {
        this.overhead = overhead;
    }

    public StopReason getStopReason() {
        return stopReason;
    }

    public void setStopReason(StopReason stopReason) {
        this.stopReason = stopReason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<String> getWarnings() {
        return warnings;
    }

    public void setWarnings(List<String> warnings) {
        this.warnings = warnings;
    }

    public int getProcessesTraced() {
        return processesTraced;
    }

    public void setProcessesTraced(int processesTraced) {
        this.processesTraced = processesTraced;
    }

    public String getAttachPoint() {
        return attachPoint;
    }

    public void setAttachPoint(String attachPoint) {
        this.attachPoint = attachPoint;
    }
}
