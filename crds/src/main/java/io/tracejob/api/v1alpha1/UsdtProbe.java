package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.tracejob.api.v1alpha1.validation.Rules;

/** A USDT provider and the probe names that start and end one measured operation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"provider", "start", "end"})
public class UsdtProbe {

    @Required
    @Pattern(Rules.IDENTIFIER)
    @Size(max = Rules.IDENTIFIER_MAX)
    @JsonPropertyDescription("USDT provider, e.g. postgresql.")
    private String provider;

    @Required
    @Pattern(Rules.IDENTIFIER)
    @Size(max = Rules.IDENTIFIER_MAX)
    @JsonPropertyDescription("Probe that starts an operation, e.g. query__start.")
    private String start;

    @Pattern(Rules.IDENTIFIER)
    @Size(max = Rules.IDENTIFIER_MAX)
    @JsonPropertyDescription(
            "Probe that ends it on the same thread, e.g. query__done. Required when measure is Latency.")
    private String end;

    public UsdtProbe() {}

    public UsdtProbe(String provider, String start, String end) {
        this.provider = provider;
        this.start = start;
        this.end = end;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
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
}
