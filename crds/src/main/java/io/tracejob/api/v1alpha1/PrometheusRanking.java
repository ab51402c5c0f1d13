package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.tracejob.api.v1alpha1.validation.Rules;

/** Ranks candidate pods by a Prometheus instant query. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "query", "podLabel"})
public class PrometheusRanking {

    @Required
    @Pattern(Rules.HTTP_URL)
    @Size(max = Rules.HTTP_URL_MAX)
    @JsonPropertyDescription(
            "Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090.")
    private String url;

    @Required
    @Pattern(Rules.PROMQL)
    @Size(max = Rules.PROMQL_MAX)
    @JsonPropertyDescription(
            "PromQL instant query returning one series per pod; the highest value is the slowest.")
    private String query;

    @Default(Rules.POD_LABEL_DEFAULT)
    @Pattern(Rules.PROMETHEUS_LABEL)
    @Size(max = Rules.PROMETHEUS_LABEL_MAX)
    @JsonPropertyDescription("Label of the query's series that holds the pod name.")
    private String podLabel = Rules.POD_LABEL_DEFAULT;

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

    public String getPodLabel() {
        return podLabel;
    }

    public void setPodLabel(String podLabel) {
        this.podLabel = podLabel;
    }
}
