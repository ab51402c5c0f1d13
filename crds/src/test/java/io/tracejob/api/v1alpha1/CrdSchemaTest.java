package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.GeneratedFiles;
import io.tracejob.api.v1alpha1.validation.CelRules;
import io.tracejob.api.v1alpha1.validation.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Assertions on the CRD YAML the build generated from the model. */
class CrdSchemaTest {

    private final JsonNode jobCrd = Crds.generated(Crds.TRACEJOB_FILE);
    private final JsonNode scheduleCrd = Crds.generated(Crds.TRACESCHEDULE_FILE);
    private final Map<String, JsonNode> job = GeneratedFiles.properties(Crds.schema(jobCrd), "");
    private final Map<String, JsonNode> schedule =
            GeneratedFiles.properties(Crds.schema(scheduleCrd), "");

    @Test
    void namesScopeAndStatusSubresource() {
        assertThat(jobCrd.at("/spec/group").asText()).isEqualTo("tracing.tracejob.io");
        assertThat(jobCrd.at("/spec/names/kind").asText()).isEqualTo("TraceJob");
        assertThat(jobCrd.at("/spec/names/shortNames/0").asText()).isEqualTo("tj");
        assertThat(jobCrd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(jobCrd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
        assertThat(jobCrd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
        assertThat(scheduleCrd.at("/spec/names/kind").asText()).isEqualTo("TraceSchedule");
        assertThat(scheduleCrd.at("/spec/names/shortNames/0").asText()).isEqualTo("tjs");
        assertThat(scheduleCrd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    }

    @Test
    void enumsMatchTheJavaEnums() {
        assertEnum(job, "spec.probe.family", ProbeFamily.values());
        assertEnum(job, "spec.probe.measure", Measure.values());
        assertEnum(job, "spec.overheadBudget.onExceed", OnExceed.values());
        assertEnum(job, "spec.target.pick", Pick.values());
        assertEnum(job, "status.phase", Phase.values());
        assertEnum(job, "status.result.stopReason", StopReason.values());
        assertEnum(schedule, "spec.concurrencyPolicy", ConcurrencyPolicy.values());
        assertEnum(schedule, "status.history[].phase", Phase.values());
        assertThat(Arrays.stream(StopReason.values()).map(Enum::name))
                .containsExactly(
                        "Completed",
                        "TargetExited",
                        "BudgetExceeded",
                        "Signalled",
                        "DeadlineExceeded",
                        "Error");
    }

    @Test
    void patternsAndLengthsComeFromRules() {
        assertString(job, "spec.probe.binary", Rules.ABSOLUTE_PATH, Rules.ABSOLUTE_PATH_MAX);
        assertString(job, "spec.probe.function", Rules.SYMBOL, Rules.SYMBOL_MAX);
        assertString(job, "spec.probe.usdt.provider", Rules.IDENTIFIER, Rules.IDENTIFIER_MAX);
        assertString(job, "spec.probe.usdt.start", Rules.IDENTIFIER, Rules.IDENTIFIER_MAX);
        assertString(job, "spec.probe.usdt.end", Rules.IDENTIFIER, Rules.IDENTIFIER_MAX);
        assertString(job, "spec.probe.tracepoint.start", Rules.TRACEPOINT, Rules.TRACEPOINT_MAX);
        assertString(job, "spec.probe.tracepoint.end", Rules.TRACEPOINT, Rules.TRACEPOINT_MAX);
        assertString(job, "spec.probe.tracepoint.key", Rules.TRACEPOINT_KEY, Rules.IDENTIFIER_MAX);
        assertString(job, "spec.probe.valueField", Rules.IDENTIFIER, Rules.IDENTIFIER_MAX);
        assertString(job, "spec.target.podName", Rules.DNS_SUBDOMAIN, Rules.DNS_SUBDOMAIN_MAX);
        assertString(job, "spec.target.container", Rules.DNS_LABEL, Rules.DNS_LABEL_MAX);
        assertString(
                job, "spec.target.slowestBy.prometheus.url", Rules.HTTP_URL, Rules.HTTP_URL_MAX);
        assertString(job, "spec.target.slowestBy.prometheus.query", Rules.PROMQL, Rules.PROMQL_MAX);
        assertString(
                job,
                "spec.target.slowestBy.prometheus.podLabel",
                Rules.PROMETHEUS_LABEL,
                Rules.PROMETHEUS_LABEL_MAX);
        assertString(
                job, "spec.target.slowestBy.probe.duration", Rules.DURATION, Rules.DURATION_MAX);
        assertString(job, "spec.duration", Rules.DURATION, Rules.DURATION_MAX);
        assertString(job, "spec.interval", Rules.DURATION, Rules.DURATION_MAX);
        assertString(schedule, "spec.schedule", Rules.CRON, Rules.CRON_MAX);
        assertString(schedule, "spec.timeZone", Rules.TIME_ZONE, Rules.TIME_ZONE_MAX);
    }

    @Test
    void everySpecStringHasAPatternAndAMaxLength() {
        List<String> loose = new ArrayList<>();
        for (Map<String, JsonNode> props : List.of(job, schedule)) {
            props.forEach(
                    (path, p) -> {
                        boolean exempt =
                                path.contains(".selector.") // Kubernetes' LabelSelector, checked
                                        // by the API server
                                        || path.startsWith(
                                                "spec.jobTemplate.metadata."); // labels and
                        // annotations of
                        // created jobs
                        // An enum is stricter than any pattern.
                        if (path.startsWith("spec.")
                                && !exempt
                                && !p.has("enum")
                                && p.path("type").asText().equals("string")
                                && (!p.has("pattern") || !p.has("maxLength"))) {
                            loose.add(path);
                        }
                    });
        }
        assertThat(loose).isEmpty();
    }

    @Test
    void rangesAndDefaults() {
        assertRange(job, "spec.target.maxPods", 1, 50, "10");
        assertRange(job, "spec.histogram.significantDigits", 1, 3, "2");
        assertRange(job, "spec.overheadBudget.maxCpuPercent", 0, 100, "1.0");
        assertThat(
                        job.get("spec.overheadBudget.maxCpuPercent")
                                .path("exclusiveMinimum")
                                .asBoolean())
                .isTrue();
        assertThat(job.get("spec.probe.offset").path("minimum").asDouble()).isZero();
        assertThat(job.get("spec.ttlSecondsAfterFinished").path("default").asLong())
                .isEqualTo(86400);
        assertThat(job.get("spec.interval").path("default").asText()).isEqualTo("10s");
        assertThat(job.get("spec.probe.measure").path("default").asText()).isEqualTo("Latency");
        assertThat(job.get("spec.target.pick").path("default").asText()).isEqualTo("Slowest");
        assertThat(job.get("spec.overheadBudget.onExceed").path("default").asText())
                .isEqualTo("DutyCycle");
        assertThat(job.get("spec.probe.tracepoint.key").path("default").asText())
                .isEqualTo("thread");
        assertThat(job.get("spec.target.slowestBy.prometheus.podLabel").path("default").asText())
                .isEqualTo("pod");
        assertThat(job.get("spec.target.slowestBy.probe.duration").path("default").asText())
                .isEqualTo("5s");
        assertThat(job.get("spec.overheadBudget").path("default").toString())
                .isEqualTo("{\"maxCpuPercent\":1.0,\"onExceed\":\"DutyCycle\"}");
        assertThat(job.get("spec.histogram").path("default").toString())
                .isEqualTo("{\"significantDigits\":2}");
        assertThat(schedule.get("spec.concurrencyPolicy").path("default").asText())
                .isEqualTo("Forbid");
        assertThat(schedule.get("spec.suspend").path("default").asBoolean(true)).isFalse();
        assertRange(schedule, "spec.successfulJobsHistoryLimit", 0, 100, "3");
        assertRange(schedule, "spec.failedJobsHistoryLimit", 0, 100, "1");
    }

    @Test
    void requiredFields() {
        assertThat(Crds.schema(jobCrd).path("required").toString()).contains("\"spec\"");
        assertThat(Crds.schema(jobCrd).at("/properties/spec/required").toString())
                .isEqualTo("[\"duration\",\"probe\",\"target\"]");
        assertThat(job.get("spec.probe").path("required").toString()).isEqualTo("[\"family\"]");
        assertThat(job.get("spec.probe.usdt").path("required").toString())
                .isEqualTo("[\"provider\",\"start\"]");
        assertThat(job.get("spec.probe.tracepoint").path("required").toString())
                .isEqualTo("[\"start\"]");
        // schedule or trigger: a CEL rule of spec (TriggerRulesAgreeTest)
        assertThat(schedule.get("spec").path("required").toString()).isEqualTo("[\"jobTemplate\"]");
    }

    @Test
    void immutabilityRuleNamesEverySpecFieldButStop() {
        List<String> fields = new ArrayList<>();
        job.get("spec").path("properties").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("stop");
        for (String f : fields) {
            if (f.equals("stop")) continue;
            assertThat(CelRules.SPEC_IMMUTABLE)
                    .as("spec." + f + " kept by the immutability rule")
                    .contains("self." + f + " == oldSelf." + f);
        }
    }

    @Test
    void everyCelRuleSitsOnItsObjectWithItsMessage() throws ReflectiveOperationException {
        Map<String, String> where =
                Map.of(
                        "SPEC_IMMUTABLE",
                        "spec",
                        "TARGET_ONE_OF",
                        "spec.target",
                        "SLOWEST_BY_ONE_OF",
                        "spec.target.slowestBy",
                        "DURATION_MIN",
                        "spec.duration",
                        "INTERVAL_MIN",
                        "spec.interval",
                        "PRE_TRACE_RANGE",
                        "spec.target.slowestBy.probe.duration");
        int checked = 0;
        Map<String, JsonNode> schedule = GeneratedFiles.properties(Crds.schema(scheduleCrd), "");
        for (var f : CelRules.class.getFields()) {
            if (f.getName().endsWith("_MSG")) continue;
            String rule = (String) f.get(null);
            String message = (String) CelRules.class.getField(f.getName() + "_MSG").get(null);
            // the one rule of the schedule's own schema: its template may not be stopped
            boolean onSchedule = f.getName().equals("TEMPLATE_NOT_STOPPED");
            String path =
                    onSchedule
                            ? "spec.jobTemplate.spec"
                            : where.getOrDefault(f.getName(), "spec.probe");
            assertThat((onSchedule ? schedule : job).get(path).path("x-kubernetes-validations"))
                    .as(f.getName() + " on " + path)
                    .anySatisfy(
                            v -> {
                                assertThat(v.path("rule").asText()).isEqualTo(rule);
                                assertThat(v.path("message").asText()).isEqualTo(message);
                            });
            checked++;
        }
        assertThat(checked).isEqualTo(24);
        assertThat(job.get("spec.probe").path("x-kubernetes-validations")).hasSize(17);
        // A schedule's template must stay editable: no immutability rule there.
        assertThat(schedule.get("spec.jobTemplate.spec").toString())
                .doesNotContain(CelRules.SPEC_IMMUTABLE);
        assertThat(schedule.get("spec.jobTemplate.spec.probe").path("x-kubernetes-validations"))
                .hasSize(17);
    }

    @Test
    void printerColumnsPointAtSchemaFields() {
        assertColumns(
                jobCrd,
                job,
                Map.of(
                        "Phase", "string", "Pod", "string", "Calls", "integer", "P50", "string",
                        "P99", "string", "P99.99", "string", "Age", "date"));
        assertColumns(
                scheduleCrd,
                schedule,
                Map.of(
                        "Schedule",
                        "string",
                        "Suspend",
                        "boolean",
                        "Last run",
                        "date",
                        "Last P99",
                        "string",
                        "Vs median",
                        "string",
                        "Age",
                        "date"));
    }

    @Test
    void resultIsStatusResultWithItsExactKeys() {
        assertThat(job.get("status.result.percentiles").path("properties").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("p50", "p90", "p99", "p99.9", "p99.99");
        for (String f :
                List.of(
                        "count",
                        "minNanos",
                        "maxNanos",
                        "meanNanos",
                        "significantDigits",
                        "histogram",
                        "intervals",
                        "inFlight",
                        "overhead",
                        "stopReason",
                        "warnings",
                        "processesTraced",
                        "attachPoint",
                        "message")) {
            assertThat(job).containsKey("status.result." + f);
        }
        assertThat(schedule.get("status.history[].p99.99")).isNotNull();
    }

    @Test
    void perPodIsBoundedByMaxPodsAndHasNoHistogram() {
        assertThat(job.get("status.perPod").path("maxItems").asInt()).isEqualTo(Rules.MAX_PODS_MAX);
        assertThat(job.get("status.perPod[].percentiles").path("properties").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("p50", "p90", "p99", "p99.9", "p99.99");
        assertThat(job.get("status.perPod[].stopReason").path("enum"))
                .hasSize(StopReason.values().length);
        for (String f : List.of("pod", "node", "agentPod")) {
            assertThat(job.get("status.perPod[]." + f).path("maxLength").asInt())
                    .as(f)
                    .isEqualTo(Rules.DNS_SUBDOMAIN_MAX);
        }
        assertThat(job.get("status.perPod[].reason").path("maxLength").asInt())
                .isEqualTo(Rules.REASON_MAX);
        assertThat(job.get("status.perPod[].message").path("maxLength").asInt())
                .isEqualTo(Rules.STATUS_MESSAGE_MAX);
        assertThat(job.keySet().stream().filter(k -> k.startsWith("status.perPod[].")))
                .noneMatch(k -> k.contains("histogram") || k.contains("intervals"));
    }

    private static void assertColumns(
            JsonNode crd, Map<String, JsonNode> props, Map<String, String> expected) {
        JsonNode columns = crd.at("/spec/versions/0/additionalPrinterColumns");
        assertThat(columns).hasSize(expected.size());
        for (JsonNode c : columns) {
            String name = c.path("name").asText();
            assertThat(c.path("type").asText()).as(name).isEqualTo(expected.get(name));
            String path = c.path("jsonPath").asText().substring(1);
            if (!path.startsWith("metadata."))
                assertThat(props).as(name + " → " + path).containsKey(path);
        }
    }

    private static void assertEnum(Map<String, JsonNode> props, String path, Enum<?>[] values) {
        List<String> actual = new ArrayList<>();
        props.get(path).path("enum").forEach(v -> actual.add(v.asText()));
        assertThat(actual)
                .as(path)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(values).map(Enum::name).toList());
    }

    private static void assertString(
            Map<String, JsonNode> props, String path, String pattern, int maxLength) {
        JsonNode p = props.get(path);
        assertThat(p).as(path).isNotNull();
        assertThat(p.path("pattern").asText()).as(path).isEqualTo(pattern);
        assertThat(p.path("maxLength").asInt()).as(path).isEqualTo(maxLength);
    }

    private static void assertRange(
            Map<String, JsonNode> props, String path, double min, double max, String def) {
        JsonNode p = props.get(path);
        assertThat(p.path("minimum").asDouble()).as(path).isEqualTo(min);
        assertThat(p.path("maximum").asDouble()).as(path).isEqualTo(max);
        assertThat(p.path("default").asText()).as(path).isEqualTo(def);
    }
}
