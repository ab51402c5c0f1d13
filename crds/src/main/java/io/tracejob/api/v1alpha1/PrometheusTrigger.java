package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.api.v1alpha1.validation.TriggerRules;

/**
 * Like an alerting rule: the query's highest sample above {@code threshold} for {@code for} fires;
 * a firing trigger starts a TraceJob, at most one per {@code cooldown}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "query", "threshold", "for", "interval", "cooldown"})
public class PrometheusTrigger {

    @Required
    @Pattern(Rules.HTTP_URL)
    @Size(max = Rules.HTTP_URL_MAX)
    @JsonPropertyDescription(
            "Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090; it must"
                    + " be one of the operator's allowed Prometheus servers.")
    private String url;

    @Required
    @Pattern(Rules.PROMQL)
    @Size(max = Rules.PROMQL_MAX)
    @JsonPropertyDescription(
            "PromQL instant query; its highest sample is compared with threshold (no sample:"
                    + " below).")
    private String query;

    @Required
    @JsonPropertyDescription("The trigger holds while the highest sample is above this.")
    private Double threshold;

    @JsonProperty("for")
    @Default(TriggerRules.FOR_DEFAULT)
    @Pattern(Rules.DURATION)
    @Size(max = Rules.DURATION_MAX)
    @JsonPropertyDescription(
            "How long the sample must stay above threshold before a TraceJob starts, as an"
                    + " alerting rule's 'for'; 0s starts at the first evaluation above it.")
    private String forDuration = TriggerRules.FOR_DEFAULT;

    @Default(TriggerRules.INTERVAL_DEFAULT)
    @Pattern(Rules.DURATION)
    @Size(max = Rules.DURATION_MAX)
    @ValidationRule(value = TriggerRules.INTERVAL_MIN_CEL, message = TriggerRules.INTERVAL_MIN_MSG)
    @JsonPropertyDescription(
            "How often the query is evaluated; at least " + TriggerRules.INTERVAL_MIN + ".")
    private String interval = TriggerRules.INTERVAL_DEFAULT;

    @Default(TriggerRules.COOLDOWN_DEFAULT)
    @Pattern(Rules.DURATION)
    @Size(max = Rules.DURATION_MAX)
    @ValidationRule(value = TriggerRules.COOLDOWN_MIN_CEL, message = TriggerRules.COOLDOWN_MIN_MSG)
    @JsonPropertyDescription(
            "After a TraceJob started, no other starts for this long; at least "
                    + TriggerRules.COOLDOWN_MIN
                    + ".")
    private String cooldown = TriggerRules.COOLDOWN_DEFAULT;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }

    @JsonProperty("for")
    public String getFor() {
        return forDuration;
    }

    @JsonProperty("for")
    public void setFor(String forDuration) {
        this.forDuration = forDuration;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getCooldown() {
        return cooldown;
    }

    public void setCooldown(String cooldown) {
        this.cooldown = cooldown;
    }
}
