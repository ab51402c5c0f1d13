package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Calls entered but not returned when tracing ended (often the slowest ones). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"count", "oldestNanos"})
public class InFlight {

    @JsonPropertyDescription("Number of such calls.")
    private long count;

    @JsonPropertyDescription("Age of the oldest one at the end, in nanoseconds.")
    private long oldestNanos;

    public long getCount() {
        return count;
    }

    public void setCount(long count) {
        this.count = count;
    }

    public long getOldestNanos() {
        return oldestNanos;
    }

    public void setOldestNanos(long oldestNanos) {
        this.oldestNanos = oldestNanos;
    }
}
