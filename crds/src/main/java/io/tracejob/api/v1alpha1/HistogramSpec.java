package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.tracejob.api.v1alpha1.validation.Rules;

/** Precision of the in-kernel HdrHistogram. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistogramSpec {

    @Default("" + Rules.SIGNIFICANT_DIGITS_DEFAULT)
    @Min(Rules.SIGNIFICANT_DIGITS_MIN)
    @Max(Rules.SIGNIFICANT_DIGITS_MAX)
    @JsonPropertyDescription("Significant decimal digits kept for every value (2 means within 1%).")
    private int significantDigits = Rules.SIGNIFICANT_DIGITS_DEFAULT;

    public int getSignificantDigits() {
        return significantDigits;
    }

    public void setSignificantDigits(int significantDigits) {
        this.significantDigits = significantDigits;
    }
}
