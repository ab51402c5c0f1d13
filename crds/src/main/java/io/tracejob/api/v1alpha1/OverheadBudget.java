package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.tracejob.api.v1alpha1.validation.Rules;

/** How much CPU the probe may cost the traced process, and what happens beyond that. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"maxCpuPercent", "onExceed"})
public class OverheadBudget {

    @Default("" + Rules.MAX_CPU_PERCENT_DEFAULT)
    @Min(value = Rules.MAX_CPU_PERCENT_MIN, inclusive = false)
    @Max(Rules.MAX_CPU_PERCENT_MAX)
    @JsonPropertyDescription(
            "Most CPU the probe may add, in percent of one core (estimated from firings times the"
                    + " in-kernel cost per firing).")
    private double maxCpuPercent = Rules.MAX_CPU_PERCENT_DEFAULT;

    @Default("DutyCycle")
    @JsonPropertyDescription(
            "Over budget: DutyCycle (trace only part of the time so the average stays in budget) or"
                    + " Stop (end the trace with stopReason BudgetExceeded).")
    private OnExceed onExceed = OnExceed.DutyCycle;

    public double getMaxCpuPercent() {
        return maxCpuPercent;
    }

    public void setMaxCpuPercent(double maxCpuPercent) {
        this.maxCpuPercent = maxCpuPercent;
    }

    public OnExceed getOnExceed() {
        return onExceed;
    }

    public void setOnExceed(OnExceed onExceed) {
        this.onExceed = onExceed;
    }
}
