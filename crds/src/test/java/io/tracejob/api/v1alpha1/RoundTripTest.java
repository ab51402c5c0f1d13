package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.GeneratedFiles;
import io.tracejob.api.v1alpha1.testsupport.SchemaChecker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON and YAML round trips of manifests that set every field of every type once; the schema
 * decides what "every field" is, so a field added to the model without a round trip here fails.
 */
class RoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void traceJobWithEveryField() throws IOException {
        String yaml = resource("every-field-tracejob.yaml");
        TraceJob job = Manifests.readTraceJob(yaml);
        assertRoundTrips(job, TraceJob.class, yaml, Crds.traceJobSchema());
        assertCoversSchema(JSON.<JsonNode>valueToTree(job), Crds.traceJobSchema());
        assertThat(job.getStatus().getResult().getPercentiles().getP9999()).isEqualTo(5000);
        assertThat(job.getSpec().getProbe().getOffset()).isEqualTo(8L);
    }

    @Test
    void traceScheduleWithEveryField() throws IOException {
        String yaml = resource("every-field-traceschedule.yaml");
        TraceSchedule schedule = Manifests.readTraceSchedule(yaml);
        assertRoundTrips(schedule, TraceSchedule.class, yaml, Crds.traceScheduleSchema());
        assertCoversSchema(JSON.<JsonNode>valueToTree(schedule), Crds.traceScheduleSchema());
        assertThat(schedule.getStatus().getHistory().get(0).getP9999()).isEqualTo(3L);
    }

    @Test
    void resultAloneRoundTripsThroughItsOwnJson() throws IOException {
        TraceJob job = Manifests.readTraceJob(resource("every-field-tracejob.yaml"));
        Result result = job.getStatus().getResult();
        String json = result.toJson();
        assertThat(JSON.readTree(Result.fromJson(json).toJson())).isEqualTo(JSON.readTree(json));
        JsonNode inStatus =
                normalise(JSON.<JsonNode>valueToTree(job).path("status").path("result"));
        assertThat(JSON.readTree(json)).isEqualTo(inStatus);
    }

    private static <T> void assertRoundTrips(
            T value, Class<T> type, String originalYaml, JsonNode schema) throws IOException {
        // What the API server would store: the manifest plus schema defaults (the model's initial
        // values).
        JsonNode stored =
                normalise(SchemaChecker.withDefaults(schema, Crds.YAML.readTree(originalYaml)));
        JsonNode tree = normalise(JSON.valueToTree(value));
        assertThat(tree).as("model keeps every field of the manifest").isEqualTo(stored);

        String json = Serialization.asJson(value);
        JsonNode fromJson = normalise(JSON.valueToTree(Serialization.unmarshal(json, type)));
        assertThat(fromJson).as("JSON round trip").isEqualTo(tree);

        String yaml = Serialization.asYaml(value);
        JsonNode fromYaml = normalise(JSON.valueToTree(Serialization.unmarshal(yaml, type)));
        assertThat(fromYaml).as("YAML round trip").isEqualTo(tree);
    }

    /** Jackson keeps int and long nodes apart: compare through JSON text. */
    private static JsonNode normalise(JsonNode node) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(node));
    }

    private static void assertCoversSchema(JsonNode doc, JsonNode schema) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : GeneratedFiles.properties(schema, "").entrySet()) {
            String path = p.getKey();
            if (path.startsWith("spec.jobTemplate.spec.")
                    || path.contains(".selector.matchExpressions[].")) continue;
            if (path.contains("active[].")
                    && !List.of("apiVersion", "kind", "name", "namespace", "uid")
                            .contains(path.substring(path.lastIndexOf('.') + 1)))
                continue; // ObjectReference extras
            if (!present(doc, path.split("\\."), 0)) missing.add(path);
        }
        assertThat(missing).as("schema fields not set in the every-field manifest").isEmpty();
    }

    private static boolean present(JsonNode node, String[] parts, int i) {
        if (i == parts.length) return true;
        String part = parts[i];
        boolean array = part.endsWith("[]");
        String name = array ? part.substring(0, part.length() - 2) : part;
        // Keys such as p99.9 contain dots: try the longest key first.
        for (int j = parts.length; j > i; j--) {
            String joined = String.join(".", java.util.Arrays.copyOfRange(parts, i, j));
            boolean joinedArray = joined.endsWith("[]");
            String key = joinedArray ? joined.substring(0, joined.length() - 2) : joined;
            if (node.has(key)) {
                JsonNode child = node.get(key);
                if (joinedArray) {
                    // in any element: an array may hold entries of different shapes (a failed
                    // agent's has no figures)
                    if (!child.isArray()) return false;
                    for (JsonNode element : child) if (present(element, parts, j)) return true;
                } else if (present(child, parts, j)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RoundTripTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
