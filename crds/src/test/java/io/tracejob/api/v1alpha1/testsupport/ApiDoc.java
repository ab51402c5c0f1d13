package io.tracejob.api.v1alpha1.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders docs/api.md from the generated CRD schemas: every field with its type, default and rules.
 */
public final class ApiDoc {
    private ApiDoc() {}

    public static String render() {
        JsonNode job = Crds.traceJobSchema();
        JsonNode schedule = Crds.traceScheduleSchema();
        StringBuilder md = new StringBuilder();
        md.append("# TraceJob API reference (tracing.tracejob.io/v1alpha1)\n\n")
                .append("<!-- Generated from the CRD schemas by ")
                .append(GeneratedFiles.REFRESH)
                .append("; do not edit by hand. -->\n\n")
                .append(
                        "Two namespaced resources: **TraceJob** (short name `tj`) traces one probe in one pod (or a few)")
                .append(
                        " for a bounded time and records a latency histogram; **TraceSchedule** (`tjs`) creates")
                .append(" TraceJobs on a cron schedule. Examples: [docs/examples](examples/).\n\n")
                .append(
                        "Every string in a spec has a pattern and a maximum length; the patterns are RE2 (as the API")
                .append(
                        " server evaluates them) and live in one Java class, `io.tracejob.api.v1alpha1.validation.Rules`,")
                .append(
                        " which the agent's own validator (`SpecValidator`) uses too. Rules across fields are CEL")
                .append(
                        " (`x-kubernetes-validations`) and are listed under the object they apply to.")
                .append(
                        " Durations are Kubernetes duration strings such as `10s`, `1m30s`, `500ms`, `2h`.\n\n")
                .append(
                        "Fields of `spec.target.selector` follow Kubernetes' LabelSelector (`matchLabels`,")
                .append(
                        " `matchExpressions` of key, operator In/NotIn/Exists/DoesNotExist and values); the API server checks")
                .append(
                        " them when the operator lists pods, and `SpecValidator` checks label keys and values up front.\n\n");

        md.append("## TraceJob\n\n");
        columns(md, TraceJob.class);
        section(md, "### spec", job.path("properties").path("spec"), "spec", false);
        section(md, "### status", job.path("properties").path("status"), "status", true);

        md.append("## TraceSchedule\n\n");
        md.append(
                "How runs are planned, and where TraceSchedule differs from CronJob:"
                        + " [schedules.md](schedules.md).\n\n");
        columns(md, TraceSchedule.class);
        section(md, "### spec", schedule.path("properties").path("spec"), "spec", false);
        section(md, "### status", schedule.path("properties").path("status"), "status", false);
        return md.toString();
    }

    private static void columns(StringBuilder md, Class<?> type) {
        md.append("`kubectl get` columns: ");
        List<String> names = new ArrayList<>();
        for (AdditionalPrinterColumn c : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            names.add(c.name() + " (`" + c.jsonPath() + "`)");
        }
        md.append(String.join(", ", names)).append(".\n\n");
    }

    private static void section(
            StringBuilder md, String title, JsonNode schema, String root, boolean splitResult) {
        md.append(title).append("\n\n");
        rules(md, root, schema);
        md.append("| Field | Type | Default | Rules | Description |\n|---|---|---|---|---|\n");
        Map<String, JsonNode> props = GeneratedFiles.properties(schema, root);
        List<String> objectRules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : props.entrySet()) {
            String path = e.getKey();
            if (path.startsWith("spec.jobTemplate.spec.")) continue; // same as TraceJob spec
            if (path.startsWith(root + ".target.selector.")
                    || path.startsWith("spec.jobTemplate.spec.target.selector.")) continue;
            if (splitResult && path.startsWith("status.result.")) continue;
            row(md, path, e.getValue(), props);
            if (e.getValue().has("x-kubernetes-validations")) objectRules.add(path);
        }
        md.append('\n');
        for (String path : objectRules) rules(md, path, props.get(path));
        if (schema.path("properties").has("jobTemplate")) {
            md.append(
                            "`spec.jobTemplate.spec` has every field and rule of the TraceJob `spec` above, except")
                    .append(
                            " immutability: a schedule's template may be edited; each TraceJob keeps the spec it was")
                    .append(" created with.\n\n");
        }
        if (splitResult) {
            JsonNode result = schema.path("properties").path("result");
            md.append("### status.result (Result)\n\n")
                    .append(
                            "The same JSON is the agent's output file, its termination message and `status.result`")
                    .append(" (Java: `io.tracejob.api.v1alpha1.Result`).\n\n")
                    .append(
                            "| Field | Type | Default | Rules | Description |\n|---|---|---|---|---|\n");
            Map<String, JsonNode> resultProps = GeneratedFiles.properties(result, "result");
            for (Map.Entry<String, JsonNode> e : resultProps.entrySet())
                row(md, e.getKey(), e.getValue(), resultProps);
            md.append('\n');
        }
    }

    private static void rules(StringBuilder md, String path, JsonNode schema) {
        JsonNode v = schema.path("x-kubernetes-validations");
        if (v.isEmpty()) return;
        md.append("Rules on `").append(path).append("`:\n\n");
        for (JsonNode r : v) {
            md.append("- ")
                    .append(r.path("message").asText())
                    .append(" — `")
                    .append(r.path("rule").asText())
                    .append("`\n");
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String path, JsonNode p, Map<String, JsonNode> all) {
        String type = p.path("type").asText("");
        if (type.equals("array")) type = "array of " + p.path("items").path("type").asText("");
        if (type.equals("object") && p.has("additionalProperties")) {
            type = "map of " + p.path("additionalProperties").path("type").asText("");
        }
        String def =
                p.has("default") ? "`" + p.get("default").toString().replace("\"", "") + "`" : "";
        List<String> rules = new ArrayList<>();
        String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
        String name = path.substring(path.lastIndexOf('.') + 1);
        JsonNode parentSchema = all.get(parent);
        if (parentSchema != null) {
            for (JsonNode r : parentSchema.path("required"))
                if (r.asText().equals(name)) rules.add("required");
        }
        if (p.has("enum")) {
            List<String> values = new ArrayList<>();
            p.get("enum").forEach(v -> values.add(v.asText()));
            rules.add("one of " + String.join(", ", values));
        }
        if (p.has("minimum")) {
            rules.add(
                    (p.path("exclusiveMinimum").asBoolean() ? "> " : "≥ ")
                            + number(p.get("minimum")));
        }
        if (p.has("maximum")) rules.add("≤ " + number(p.get("maximum")));
        if (p.has("maxLength")) rules.add("at most " + p.get("maxLength").asInt() + " chars");
        if (p.has("maxItems")) rules.add("at most " + p.get("maxItems").asInt() + " items");
        if (p.has("pattern"))
            rules.add("pattern `" + p.get("pattern").asText().replace("|", "\\|") + "`");
        for (JsonNode r : p.path("x-kubernetes-validations")) {
            if (!p.path("type").asText().equals("object")) rules.add(r.path("message").asText());
        }
        if (p.path("type").asText().equals("object") && p.has("x-kubernetes-validations"))
            rules.add("see rules below");
        md.append("| `")
                .append(path)
                .append("` | ")
                .append(type)
                .append(" | ")
                .append(def)
                .append(" | ")
                .append(String.join("; ", rules))
                .append(" | ")
                .append(p.path("description").asText("").replace("|", "\\|").replace("\n", " "))
                .append(" |\n");
    }

    private static String number(JsonNode n) {
        double d = n.asDouble();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
