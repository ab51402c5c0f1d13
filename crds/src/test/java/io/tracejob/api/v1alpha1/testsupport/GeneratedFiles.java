package io.tracejob.api.v1alpha1.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files committed from the model: the Helm chart's CRDs and docs/api.md. Both are rendered from
 * the CRDs the build generated, so they change only when the model does.
 */
public final class GeneratedFiles {
    private GeneratedFiles() {}

    public static final String REFRESH =
            "mvn -B -pl crds test -Dtest=GeneratedFilesTest -Dtracejob.refresh=true";

    private static final ObjectMapper YAML_OUT =
            new ObjectMapper(
                    new YAMLFactory()
                            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    /** Every generated file: path relative to the repository root → content. */
    public static Map<Path, String> all() {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(
                Path.of(
                        "helm/tracejob-operator/crds",
                        Crds.TRACEJOB_FILE.replace("-v1.yml", ".yaml")),
                helmCrd(Crds.TRACEJOB_FILE, TraceJob.class));
        files.put(
                Path.of(
                        "helm/tracejob-operator/crds",
                        Crds.TRACESCHEDULE_FILE.replace("-v1.yml", ".yaml")),
                helmCrd(Crds.TRACESCHEDULE_FILE, TraceSchedule.class));
        files.put(Path.of("docs/api.md"), ApiDoc.render());
        return files;
    }

    /**
     * The generated CRD with its printer columns in the order the class declares them (fabric8
     * sorts them by JSON path, which would put Age first in {@code kubectl get}).
     */
    public static String helmCrd(String file, Class<?> resource) {
        ObjectNode crd = (ObjectNode) Crds.generated(file).deepCopy();
        for (JsonNode version : crd.path("spec").path("versions")) {
            ArrayNode columns = (ArrayNode) version.get("additionalPrinterColumns");
            if (columns == null) continue;
            List<JsonNode> ordered = new ArrayList<>();
            for (AdditionalPrinterColumn declared :
                    resource.getAnnotationsByType(AdditionalPrinterColumn.class)) {
                for (JsonNode c : columns) {
                    if (c.path("name").asText().equals(declared.name())) ordered.add(c);
                }
            }
            if (ordered.size() != columns.size()) {
                throw new IllegalStateException(
                        file + ": printer columns " + columns + " do not match the annotations");
            }
            columns.removeAll();
            columns.addAll(ordered);
        }
        try {
            return "# Generated from the Java model in crds/ (io.tracejob.api.v1alpha1); do not edit.\n"
                    + "# Refresh: "
                    + REFRESH
                    + "\n"
                    + YAML_OUT.writeValueAsString(crd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Paths of every property of a schema, e.g. spec.probe.family,
     * spec.target.selector.matchLabels.
     */
    public static Map<String, JsonNode> properties(JsonNode schema, String prefix) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(schema, prefix, out);
        return out;
    }

    private static void collect(JsonNode schema, String path, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String child = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
            out.put(child, p.getValue());
            collect(p.getValue(), child, out);
            if (p.getValue().has("items")) collect(p.getValue().get("items"), child + "[]", out);
        }
    }
}
