package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.tracejob.api.v1alpha1.validation.Rules;

/** Two kernel tracepoints that start and end one measured operation, matched by a key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"start", "end", "key"})
public class TracepointPair {

    @Required
    @Pattern(Rules.TRACEPOINT)
    @Size(max = Rules.TRACEPOINT_MAX)
    @JsonPropertyDescription(
            "Tracepoint that starts an operation, as category:name (e.g. block:block_rq_issue).")
    private String start;

    @Pattern(Rules.TRACEPOINT)
    @Size(max = Rules.TRACEPOINT_MAX)
    @JsonPropertyDescription(
            "Tracepoint that ends it, as category:name (e.g. block:block_rq_complete)."
                    + " Required when measure is Latency.")
    private String end;

    @Default(Rules.TRACEPOINT_KEY_DEFAULT)
    @Pattern(Rules.TRACEPOINT_KEY)
    @Size(max = Rules.IDENTIFIER_MAX)
    @JsonPropertyDescription(
            "How an end event finds its start: 'thread' (the same thread), or the name of a field"
                    + " present in both tracepoints' formats (e.g. sector).")
    private String key = Rules.TRACEPOINT_KEY_DEFAULT;

    public TracepointPair() {}

    public TracepointPair(String start, String end, String key) {
        this.start = start;
        this.end = end;
        this.key = key;
    }

    public String getStart() {
        return start;
    }

    public void setStart(String start) {
        this.start = start;
    }

    public String getEnd() {
        return end;
    }

    public void setEnd(String end) {
        this.end = end;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
