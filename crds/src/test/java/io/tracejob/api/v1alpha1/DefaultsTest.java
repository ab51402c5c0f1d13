package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.SchemaChecker;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A manifest read from a file (no API server to default it) must mean the same as one the API
 * server stored: the model's initial values equal the schema's defaults, at every level.
 */
class DefaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAD =
            "apiVersion: tracing.tracejob.io/v1alpha1\nkind: TraceJob\nmetadata: {name: d}\n";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "spec: {target: {podName: p}, probe: {family: Uprobe, binary: /b, function: f}, duration: 1m}",
                "spec: {target: {selector: {matchLabels: {a: b}}, slowestBy: {probe: {}}},"
                        + " probe: {family: Tracepoint, tracepoint: {start: 'a:b', end: 'a:c'}}, duration: 1m}",
                "spec: {target: {selector: {matchLabels: {a: b}}, slowestBy: {prometheus: {url: 'http://p', query: up}}},"
                        + " probe: {family: Usdt, binary: /b, usdt: {provider: p, start: s, end: e}}, duration: 1m,"
                        + " overheadBudget: {}, histogram: {}}",
                "spec: {target: {podName: p}, probe: {family: Uprobe, binary: /b, function: f}, duration: 1m,"
                        + " overheadBudget: {onExceed: Stop}}",
            })
    void modelInitialValuesEqualSchemaDefaults(String spec) throws IOException {
        String yaml = HEAD + spec;
        JsonNode stored =
                SchemaChecker.withDefaults(Crds.traceJobSchema(), Crds.YAML.readTree(yaml))
                        .path("spec");
        JsonNode read = JSON.valueToTree(Manifests.readTraceJob(yaml).getSpec());
        assertThat(text(read)).isEqualTo(text(stored));
        assertThat(SchemaChecker.check(Crds.traceJobSchema(), Crds.YAML.readTree(yaml))).isEmpty();
    }

    private static JsonNode text(JsonNode n) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(n));
    }
}
