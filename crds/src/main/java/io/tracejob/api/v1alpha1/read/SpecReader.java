package io.tracejob.api.v1alpha1.read;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The agent's reader of a TraceJob's spec — from a manifest ({@code run}) or bare spec JSON ({@code
 * pod}) — as strict as {@code Manifests} but without Jackson on the start-up path (see {@link
 * StrictBeanBinder}). The manifest must be one TraceJob of this API version; its metadata may hold
 * only ObjectMeta's fields and its status is ignored (the agent reads the spec only). Validation of
 * values stays {@code SpecValidator}'s job.
 */
public final class SpecReader {
    private SpecReader() {}

    private static final Set<String> TOP_LEVEL =
            Set.of("apiVersion", "kind", "metadata", "spec", "status");

    public static TraceJobSpec readManifest(Path file) throws IOException {
        return readManifest(Files.readString(file), file.toString());
    }

    public static TraceJobSpec readManifest(String yaml, String source) {
        Map<?, ?> doc =
                object(
                        parse(yaml, source, "YAML"),
                        source,
                        "expected one " + TraceJob.KIND + " object");
        for (Object key : doc.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(
                        source
                                + ": unknown field "
                                + key
                                + " (known fields here: "
                                + String.join(", ", new TreeSet<>(TOP_LEVEL))
                                + ")");
            }
        }
        String apiVersion = text(doc.get("apiVersion")), kind = text(doc.get("kind"));
        if (!TraceJob.API_VERSION.equals(apiVersion) || !TraceJob.KIND.equals(kind)) {
            throw new IllegalArgumentException(
                    source
                            + ": expected apiVersion "
                            + TraceJob.API_VERSION
                            + " and kind "
                            + TraceJob.KIND
                            + ", got apiVersion '"
                            + apiVersion
                            + "' and kind '"
                            + kind
                            + "'");
        }
        Object metadata = doc.get("metadata");
        if (metadata != null) {
            Map<String, ?> known = StrictBeanBinder.setters(ObjectMeta.class);
            for (Object key :
                    object(metadata, source, "field metadata: expected an object").keySet()) {
                if (!known.containsKey(String.valueOf(key))) {
                    throw new IllegalArgumentException(source + ": unknown field metadata." + key);
                }
            }
        }
        return spec(doc.get("spec"), source, "spec");
    }

    /**
     * A bare TraceJobSpec as JSON (the agent's {@code --spec-json}); error paths start at {@code
     * spec.}.
     */
    public static TraceJobSpec readSpecJson(String json, String source) {
        Object node = parse(json, source, "JSON");
        if (!(node instanceof Map))
            throw new IllegalArgumentException(source + ": expected a TraceJobSpec object");
        return spec(node, source, "spec");
    }

    private static TraceJobSpec spec(Object node, String source, String path) {
        if (node == null) return null;
        try {
            return StrictBeanBinder.bind(node, TraceJobSpec.class, path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Object parse(String text, String source, String format) {
        try {
            return yaml().load(text);
        } catch (YAMLException e) {
            // SnakeYAML's message spans lines (context, problem, a caret under the input): keep the
            // words only
            String words =
                    e.getMessage()
                            .lines()
                            .map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("^"))
                            .collect(java.util.stream.Collectors.joining("; "));
            throw new IllegalArgumentException(source + ": not valid " + format + ": " + words, e);
        }
    }

    /**
     * Plain scalars stay strings (only {@code null}/{@code ~}/empty are null), so YAML 1.1's "yes",
     * "on" or "010" never turn into booleans or octal behind the user's back; the binder parses
     * each as its field's type. Duplicate keys are refused; SnakeYAML's limits on aliases and
     * document size stay on.
     */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Resolver stringsAndNulls =
                new Resolver() {
                    @Override
                    protected void addImplicitResolvers() {
                        addImplicitResolver(Tag.NULL, NULL, "~nN\0");
                        addImplicitResolver(Tag.NULL, EMPTY, null);
                    }
                };
        DumperOptions dump = new DumperOptions();
        return new Yaml(
                new SafeConstructor(options),
                new Representer(dump),
                dump,
                options,
                stringsAndNulls);
    }

    private static Map<?, ?> object(Object node, String source, String problem) {
        if (node instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException(source + ": " + problem);
    }

    private static String text(Object node) {
        return node instanceof String s ? s : "";
    }
}
