package io.tracejob.api.v1alpha1.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server does with a manifest and a structural CRD schema, as far as this API uses it:
 * apply defaults, then check types, enums, RE2 patterns, lengths, ranges, required and unknown
 * fields, and the CEL rules (with cel-java). Errors read {@code spec.probe: message}.
 */
public final class SchemaChecker {
    private SchemaChecker() {}

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    /** The manifest with the schema's defaults applied, as the API server stores it. */
    public static JsonNode withDefaults(JsonNode schema, JsonNode doc) {
        JsonNode copy = doc.deepCopy();
        applyDefaults(schema, copy);
        return copy;
    }

    /** Errors of a create (transition rules skipped). */
    public static List<String> check(JsonNode schema, JsonNode doc) {
        return check(schema, doc, null);
    }

    /** Errors of an update from {@code oldDoc} (null for a create). Both are defaulted first. */
    public static List<String> check(JsonNode schema, JsonNode doc, JsonNode oldDoc) {
        List<String> errors = new ArrayList<>();
        JsonNode old = oldDoc == null ? null : withDefaults(schema, oldDoc);
        walk(schema, withDefaults(schema, doc), old, "", errors, true);
        return errors;
    }

    private static void applyDefaults(JsonNode schema, JsonNode node) {
        if (node instanceof ObjectNode obj) {
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!obj.has(p.getKey()) && p.getValue().has("default")) {
                    obj.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (obj.has(p.getKey())) applyDefaults(p.getValue(), obj.get(p.getKey()));
            }
            JsonNode additional = schema.path("additionalProperties");
            if (additional.isObject()) obj.forEach(v -> applyDefaults(additional, v));
        } else if (node.isArray() && schema.has("items")) {
            node.forEach(item -> applyDefaults(schema.get("items"), item));
        }
    }

    private static void walk(
            JsonNode schema,
            JsonNode node,
            JsonNode old,
            String path,
            List<String> errors,
            boolean root) {
        String at = path.isEmpty() ? "(root)" : path;
        String type = schema.path("type").asText("");
        if (!typeMatches(type, node)) {
            errors.add(at + ": must be of type " + type);
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(node);
            if (!found) errors.add(at + ": must be one of " + schema.get("enum"));
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (schema.has("maxLength")
                    && s.codePointCount(0, s.length()) > schema.get("maxLength").asLong()) {
                errors.add(
                        at
                                + ": must be at most "
                                + schema.get("maxLength").asLong()
                                + " characters");
            } else if (schema.has("pattern")
                    && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                errors.add(at + ": must match " + schema.get("pattern").asText());
            }
        }
        if (node.isNumber()) {
            double v = node.asDouble();
            if (schema.has("minimum")) {
                double min = schema.get("minimum").asDouble();
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                if (exclusive ? v <= min : v < min)
                    errors.add(at + ": must be " + (exclusive ? "more than " : "at least ") + min);
            }
            if (schema.has("maximum") && v > schema.get("maximum").asDouble()) {
                errors.add(at + ": must be at most " + schema.get("maximum").asDouble());
            }
        }
        if (node.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!node.has(r.asText())) errors.add(prefix(path) + r.asText() + ": is required");
            }
            JsonNode props = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String childPath = prefix(path) + f.getKey();
                JsonNode childOld = old == null ? null : old.get(f.getKey());
                if (props.has(f.getKey())) {
                    walk(props.get(f.getKey()), f.getValue(), childOld, childPath, errors, false);
                } else if (additional.isObject()) {
                    walk(additional, f.getValue(), childOld, childPath, errors, false);
                } else if (!(root && ROOT_FIELDS.contains(f.getKey())) && !preserve) {
                    errors.add(childPath + ": unknown field");
                }
            }
        }
        if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                walk(schema.get("items"), node.get(i), null, path + "[" + i + "]", errors, false);
            }
        }
        for (JsonNode v : schema.path("x-kubernetes-validations")) {
            String rule = v.get("rule").asText();
            boolean transition = rule.contains("oldSelf");
            if (transition && old == null) continue;
            try {
                if (!CelEvaluator.holds(rule, toCel(node), transition ? toCel(old) : null)) {
                    errors.add(at + ": " + v.path("message").asText(rule));
                }
            } catch (IllegalStateException e) {
                // The API server reports a rule that fails to evaluate as a validation error too.
                errors.add(at + ": rule failed to evaluate: " + e.getMessage());
            }
        }
    }

    private static String prefix(String path) {
        return path.isEmpty() ? "" : path + ".";
    }

    private static boolean typeMatches(String type, JsonNode node) {
        return switch (type) {
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            case "object" -> node.isObject();
            case "array" -> node.isArray();
            default -> true;
        };
    }

    /** JSON as CEL sees it: maps, lists, int64, double, string, bool. */
    public static Object toCel(JsonNode node) {
        if (node == null || node.isNull()) return dev.cel.common.values.NullValue.NULL_VALUE;
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> m.put(e.getKey(), toCel(e.getValue())));
            return m;
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>();
            node.forEach(n -> l.add(toCel(n)));
            return l;
        }
        if (node.isIntegralNumber()) return node.asLong();
        if (node.isNumber()) return node.asDouble();
        if (node.isBoolean()) return node.asBoolean();
        return node.asText();
    }
}
