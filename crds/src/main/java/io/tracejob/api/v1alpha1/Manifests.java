package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads TraceJob and TraceSchedule manifests from YAML (or JSON) without an API server: strictly,
 * so that a misspelt field is an error naming it rather than a silently dropped setting. Fields
 * left out keep the model's initial values, which equal the schema defaults. Validation of values
 * is {@code SpecValidator}'s job.
 */
public final class Manifests {
    private Manifests() {}

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                    .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
                    .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                    // "maxPods: 2.5" is an error (as at the API server, whose schema says integer),
                    // not 2
                    .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

    public static TraceJob readTraceJob(Path file) throws IOException {
        return readTraceJob(Files.readString(file), file.toString());
    }

    public static TraceJob readTraceJob(String yaml) {
        return readTraceJob(yaml, "manifest");
    }

    public static TraceSchedule readTraceSchedule(Path file) throws IOException {
        return read(
                Files.readString(file), file.toString(), TraceSchedule.KIND, TraceSchedule.class);
    }

    public static TraceSchedule readTraceSchedule(String yaml) {
        return read(yaml, "manifest", TraceSchedule.KIND, TraceSchedule.class);
    }

    /** {@code source} names the text in errors (e.g. the file it came from). */
    public static TraceJob readTraceJob(String yaml, String source) {
        return read(yaml, source, TraceJob.KIND, TraceJob.class);
    }

    /** {@code source} names the text in errors (e.g. the file it came from). */
    public static TraceSchedule readTraceSchedule(String yaml, String source) {
        return read(yaml, source, TraceSchedule.KIND, TraceSchedule.class);
    }

    private static <T extends HasMetadata> T read(
            String yaml, String source, String kind, Class<T> type) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(source + ": expected one " + kind + " object");
        }
        String apiVersion = tree.path("apiVersion").asText("");
        String actualKind = tree.path("kind").asText("");
        if (!TraceJob.API_VERSION.equals(apiVersion) || !kind.equals(actualKind)) {
            throw new IllegalArgumentException(
                    source
                            + ": expected apiVersion "
                            + TraceJob.API_VERSION
                            + " and kind "
                            + kind
                            + ", got apiVersion '"
                            + apiVersion
                            + "' and kind '"
                            + actualKind
                            + "'");
        }
        T resource;
        try {
            resource = YAML.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(
                    source
                            + ": unknown field "
                            + path(e)
                            + " (known fields here: "
                            + e.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ")",
                    e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(
                    source + ": field " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
        }
        // fabric8's metadata and selector types keep unknown fields instead of failing: reject them
        // here.
        rejectExtra(
                source,
                "metadata",
                resource.getMetadata() == null
                        ? null
                        : resource.getMetadata().getAdditionalProperties());
        if (resource instanceof TraceJob job && job.getSpec() != null) {
            rejectExtraInTarget(source, "spec.target", job.getSpec());
        }
        if (resource instanceof TraceSchedule schedule
                && schedule.getSpec() != null
                && schedule.getSpec().getJobTemplate() != null
                && schedule.getSpec().getJobTemplate().getSpec() != null) {
            rejectExtraInTarget(
                    source,
                    "spec.jobTemplate.spec.target",
                    schedule.getSpec().getJobTemplate().getSpec());
        }
        return resource;
    }

    private static void rejectExtraInTarget(String source, String at, TraceJobSpec spec) {
        if (spec.getTarget() == null || spec.getTarget().getSelector() == null) return;
        LabelSelector selector = spec.getTarget().getSelector();
        rejectExtra(source, at + ".selector", selector.getAdditionalProperties());
        if (selector.getMatchExpressions() != null) {
            int i = 0;
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                rejectExtra(
                        source,
                        at + ".selector.matchExpressions[" + i++ + "]",
                        r.getAdditionalProperties());
            }
        }
    }

    private static void rejectExtra(String source, String at, Map<String, Object> extra) {
        if (extra != null && !extra.isEmpty()) {
            throw new IllegalArgumentException(
                    source + ": unknown field " + at + "." + extra.keySet().iterator().next());
        }
    }

    /** Field path of a mapping error as {@code spec.probe.function} / {@code spec.x[0].y}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }
}
