package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.Examples;
import io.tracejob.api.v1alpha1.testsupport.SchemaChecker;
import io.tracejob.api.v1alpha1.validation.CelRules;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.api.v1alpha1.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid and invalid variants of the example manifests go through both the CRD schema (types, RE2
 * patterns, lengths, ranges and the CEL rules, evaluated with cel-java) and SpecValidator: both
 * must accept or reject each one, for the same field or with the same message.
 */
class SchemaAndValidatorAgreeTest {

    private static final String UPROBE = "match-order-uprobe.yaml";
    private static final String USDT = "postgres-query-usdt.yaml";
    private static final String BLOCK = "block-io-tracepoints.yaml";
    private static final String SRTT = "tcp-srtt-value.yaml";
    private static final String SSL = "libssl-ssl-read.yaml";

    /** A variant: edits are "/json/pointer=yaml value" or "-/json/pointer" (remove). */
    record Case(
            String name,
            String file,
            String expectMessage,
            String expectField,
            List<String> edits) {
        boolean valid() {
            return expectMessage == null && expectField == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Case valid(String name, String file, String... edits) {
        return new Case(name, file, null, null, List.of(edits));
    }

    static Case rule(String message, String file, String... edits) {
        return new Case(message + " " + List.of(edits), file, message, null, List.of(edits));
    }

    static Case field(String field, String file, String... edits) {
        return new Case(field + " " + List.of(edits), file, null, field, List.of(edits));
    }

    static Stream<Case> cases() {
        String longSymbol = "f".repeat(1025);
        return Stream.of(
                valid("Go method", UPROBE, "/spec/probe/function=main.(*Book).Match"),
                valid(
                        "Go generic",
                        UPROBE,
                        "/spec/probe/function=github.com/acme/book.Sum[go.shape.int]"),
                valid(
                        "Go escaped path",
                        UPROBE,
                        "/spec/probe/function=gopkg.in/yaml%2ev3.Unmarshal"),
                valid(
                        "C++ mangled",
                        UPROBE,
                        "/spec/probe/function=_ZN6Engine10matchOrderERK5Order"),
                valid(
                        "Rust legacy mangled",
                        UPROBE,
                        "/spec/probe/function="
                                + "_ZN50_$LT$std..io..error..Error$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE"),
                valid("Rust v0 mangled", UPROBE, "/spec/probe/function=_RNvCs1234_7mycrate4main"),
                valid(
                        "library with +",
                        UPROBE,
                        "/spec/probe/binary=/usr/lib/x86_64-linux-gnu/libstdc++.so.6"),
                valid("dot-file directory", UPROBE, "/spec/probe/binary=/opt/.venv/bin/app"),
                valid("offset on Uprobe", UPROBE, "/spec/probe/offset=16"),
                valid("compound duration", UPROBE, "/spec/duration=1m30s"),
                valid("fractional duration", UPROBE, "/spec/duration=1.5s"),
                valid("shortest duration", UPROBE, "/spec/duration=1s"),
                valid("cpu ranking", UPROBE, "/spec/target/slowestBy={cpu: {}}"),
                valid(
                        "prometheus ranking",
                        UPROBE,
                        "/spec/target/slowestBy={prometheus: {url: 'http://prometheus.monitoring:9090',"
                                + " query: 'histogram_quantile(0.99, sum by (pod, le) (rate(http_seconds_bucket{job=\"api\"}[5m])))'}}"),
                valid("pre-trace 30s", UPROBE, "/spec/target/slowestBy/probe/duration=30s"),
                valid(
                        "USDT count without end",
                        USDT,
                        "-/spec/probe/usdt/end",
                        "/spec/probe/measure=Count"),
                valid(
                        "tracepoint count without end",
                        SRTT,
                        "/spec/probe/measure=Count",
                        "-/spec/probe/valueField"),
                valid("budget 100%", SSL, "/spec/overheadBudget/maxCpuPercent=100"),
                valid("three digits", UPROBE, "/spec/histogram={significantDigits: 3}"),
                rule(CelRules.UPROBE_FUNCTION_MSG, UPROBE, "-/spec/probe/function"),
                rule(CelRules.UPROBE_BINARY_MSG, UPROBE, "-/spec/probe/binary"),
                rule(CelRules.USDT_REQUIRED_MSG, USDT, "-/spec/probe/usdt"),
                rule(CelRules.USDT_BINARY_MSG, USDT, "-/spec/probe/binary"),
                rule(CelRules.TRACEPOINT_REQUIRED_MSG, BLOCK, "-/spec/probe/tracepoint"),
                rule(
                        CelRules.KERNEL_FUNCTION_MSG,
                        BLOCK,
                        "-/spec/probe/tracepoint",
                        "/spec/probe/family=Kprobe"),
                rule(
                        CelRules.KERNEL_FUNCTION_MSG,
                        BLOCK,
                        "-/spec/probe/tracepoint",
                        "/spec/probe/family=Kfunc"),
                rule(
                        CelRules.USDT_ONLY_MSG,
                        UPROBE,
                        "/spec/probe/usdt={provider: p, start: s, end: e}"),
                rule(
                        CelRules.TRACEPOINT_ONLY_MSG,
                        UPROBE,
                        "/spec/probe/tracepoint={start: 'a:b', end: 'a:c'}"),
                rule(CelRules.FUNCTION_ONLY_MSG, USDT, "/spec/probe/function=main"),
                rule(CelRules.BINARY_ONLY_MSG, BLOCK, "/spec/probe/binary=/bin/true"),
                rule(
                        CelRules.BINARY_NOT_PSEUDO_FS_MSG,
                        UPROBE,
                        "/spec/probe/binary=/proc/self/exe"),
                rule(
                        CelRules.BINARY_NOT_PSEUDO_FS_MSG,
                        USDT,
                        "/spec/probe/binary=/proc/1/root/usr/bin/python3"),
                rule(
                        CelRules.BINARY_NOT_PSEUDO_FS_MSG,
                        UPROBE,
                        "/spec/probe/binary=/sys/kernel/notes"),
                rule(CelRules.BINARY_NOT_PSEUDO_FS_MSG, UPROBE, "/spec/probe/binary=/dev/mem"),
                rule(CelRules.OFFSET_ONLY_MSG, USDT, "/spec/probe/offset=4"),
                rule(CelRules.VALUE_FIELD_REQUIRED_MSG, SRTT, "-/spec/probe/valueField"),
                rule(CelRules.VALUE_FIELD_ONLY_MSG, BLOCK, "/spec/probe/valueField=nr_sector"),
                rule(
                        CelRules.VALUE_TRACEPOINT_MSG,
                        UPROBE,
                        "/spec/probe/measure=Value",
                        "/spec/probe/valueField=x"),
                rule(CelRules.USDT_END_FOR_LATENCY_MSG, USDT, "-/spec/probe/usdt/end"),
                rule(
                        CelRules.TRACEPOINT_END_FOR_LATENCY_MSG,
                        SRTT,
                        "/spec/probe/measure=Latency",
                        "-/spec/probe/valueField"),
                rule(
                        CelRules.TARGET_ONE_OF_MSG,
                        USDT,
                        "/spec/target/selector={matchLabels: {app: pg}}"),
                rule(CelRules.TARGET_ONE_OF_MSG, USDT, "-/spec/target/podName"),
                rule(CelRules.SLOWEST_BY_ONE_OF_MSG, UPROBE, "/spec/target/slowestBy/cpu={}"),
                rule(CelRules.SLOWEST_BY_ONE_OF_MSG, UPROBE, "/spec/target/slowestBy={}"),
                rule(CelRules.DURATION_MIN_MSG, UPROBE, "/spec/duration=500ms"),
                rule(CelRules.DURATION_MIN_MSG, UPROBE, "/spec/duration=0s"),
                rule(CelRules.INTERVAL_MIN_MSG, UPROBE, "/spec/interval=999ms"),
                rule(
                        CelRules.PRE_TRACE_RANGE_MSG,
                        UPROBE,
                        "/spec/target/slowestBy/probe/duration=31s"),
                rule(
                        CelRules.PRE_TRACE_RANGE_MSG,
                        UPROBE,
                        "/spec/target/slowestBy/probe/duration=100ms"),
                field("spec.probe.function", UPROBE, "/spec/probe/function=match_order;rm -rf /"),
                field("spec.probe.function", UPROBE, "/spec/probe/function=$(id)"),
                field("spec.probe.function", UPROBE, "/spec/probe/function='`id`'"),
                field("spec.probe.function", UPROBE, "/spec/probe/function=\"a\\nb\""),
                field("spec.probe.function", UPROBE, "/spec/probe/function=a b"),
                field("spec.probe.function", UPROBE, "/spec/probe/function=9lives"),
                field("spec.probe.function", UPROBE, "/spec/probe/function=" + longSymbol),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=app/match-engine"),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=/app/../etc/shadow"),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=/app/.."),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=/app/./match-engine"),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=//app"),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=/app/"),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=/app/match engine"),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=/app/x;reboot"),
                field("spec.probe.binary", UPROBE, "/spec/probe/binary=\"/app/x\\u0000y\""),
                field(
                        "spec.probe.tracepoint.start",
                        BLOCK,
                        "/spec/probe/tracepoint/start=block_rq_issue"),
                field("spec.probe.tracepoint.end", BLOCK, "/spec/probe/tracepoint/end=block:rq;x"),
                field("spec.probe.tracepoint.end", BLOCK, "/spec/probe/tracepoint/end=../block:rq"),
                field("spec.probe.tracepoint.key", BLOCK, "/spec/probe/tracepoint/key=a-b"),
                field("spec.probe.usdt.provider", USDT, "/spec/probe/usdt/provider=post-gres"),
                field("spec.probe.usdt.start", USDT, "/spec/probe/usdt/start=query start"),
                field("spec.probe.valueField", SRTT, "/spec/probe/valueField=srtt)"),
                field("spec.probe.offset", UPROBE, "/spec/probe/offset=-1"),
                field("spec.target.podName", USDT, "/spec/target/podName=Postgres_0"),
                field("spec.target.container", USDT, "/spec/target/container=Postgres"),
                field("spec.target.maxPods", SSL, "/spec/target/maxPods=0"),
                field("spec.target.maxPods", SSL, "/spec/target/maxPods=51"),
                field(
                        "spec.target.slowestBy.probe.maxCandidates",
                        SSL,
                        "/spec/target/slowestBy={probe: {maxCandidates: 0}}"),
                field(
                        "spec.target.slowestBy.probe.maxCandidates",
                        SSL,
                        "/spec/target/slowestBy={probe: {maxCandidates: 51}}"),
                field(
                        "spec.target.slowestBy.prometheus.url",
                        UPROBE,
                        "/spec/target/slowestBy={prometheus: {url: 'ftp://x', query: up}}"),
                field(
                        "spec.target.slowestBy.prometheus.url",
                        UPROBE,
                        "/spec/target/slowestBy={prometheus: {url: 'http://user:pw@x', query: up}}"),
                field(
                        "spec.target.slowestBy.prometheus.query",
                        UPROBE,
                        "/spec/target/slowestBy={prometheus: {url: 'http://p:9090', query: \"up\\n\"}}"),
                field(
                        "spec.target.slowestBy.prometheus.podLabel",
                        UPROBE,
                        "/spec/target/slowestBy={prometheus: {url: 'http://p:9090', query: up, podLabel: 'a-b'}}"),
                field("spec.duration", UPROBE, "/spec/duration='10'"),
                field("spec.duration", UPROBE, "/spec/duration=1d"),
                field("spec.duration", UPROBE, "/spec/duration=-1s"),
                field("spec.duration", UPROBE, "/spec/duration='1s '"),
                field("spec.interval", UPROBE, "/spec/interval=10 s"),
                field(
                        "spec.overheadBudget.maxCpuPercent",
                        SSL,
                        "/spec/overheadBudget/maxCpuPercent=0"),
                field(
                        "spec.overheadBudget.maxCpuPercent",
                        SSL,
                        "/spec/overheadBudget/maxCpuPercent=-1"),
                field(
                        "spec.overheadBudget.maxCpuPercent",
                        SSL,
                        "/spec/overheadBudget/maxCpuPercent=100.5"),
                field(
                        "spec.histogram.significantDigits",
                        USDT,
                        "/spec/histogram/significantDigits=0"),
                field(
                        "spec.histogram.significantDigits",
                        USDT,
                        "/spec/histogram/significantDigits=4"),
                field("spec.ttlSecondsAfterFinished", USDT, "/spec/ttlSecondsAfterFinished=-1"),
                field("spec.duration", UPROBE, "-/spec/duration"),
                field("spec.probe", UPROBE, "-/spec/probe"),
                field("spec.target", UPROBE, "-/spec/target"),
                field("spec.probe.family", UPROBE, "-/spec/probe/family"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void schemaAndValidatorAgree(Case c) throws IOException {
        JsonNode manifest = apply(Examples.tree(c.file()), c.edits());
        List<String> schemaErrors = SchemaChecker.check(Crds.traceJobSchema(), manifest);
        TraceJob job = Manifests.readTraceJob(Crds.YAML.writeValueAsString(manifest));
        List<Violation> violations = SpecValidator.validate(job.getSpec());

        if (c.valid()) {
            assertThat(schemaErrors).as("schema").isEmpty();
            assertThat(violations).as("SpecValidator").isEmpty();
        } else if (c.expectMessage() != null) {
            assertThat(schemaErrors)
                    .as("schema")
                    .anySatisfy(e -> assertThat(e).endsWith(": " + c.expectMessage()));
            assertThat(violations)
                    .as("SpecValidator")
                    .extracting(Violation::rule)
                    .contains(c.expectMessage());
        } else {
            assertThat(schemaErrors)
                    .as("schema")
                    .anySatisfy(e -> assertThat(e).startsWith(c.expectField() + ": "));
            assertThat(violations)
                    .as("SpecValidator")
                    .extracting(Violation::field)
                    .contains(c.expectField());
        }
    }

    @Test
    void everyCelRuleIsExercisedByAnInvalidCase() throws IllegalAccessException {
        List<String> covered = cases().map(Case::expectMessage).toList();
        List<String> missing = new ArrayList<>();
        for (var f : CelRules.class.getFields()) {
            // SPEC_IMMUTABLE needs an old object (specIsImmutableButMetadataIsNot); the
            // template's rule is a schedule's (scheduleRulesAgree)
            if (f.getName().endsWith("_MSG")
                    && !f.getName().equals("SPEC_IMMUTABLE_MSG")
                    && !f.getName().equals("TEMPLATE_NOT_STOPPED_MSG")
                    && !covered.contains((String) f.get(null))) {
                missing.add(f.getName());
            }
        }
        assertThat(missing).as("CEL rules without an invalid case here").isEmpty();
    }

    @Test
    void stopCanOnlyBeSetToTrue() {
        JsonNode old = Examples.tree(UPROBE);
        JsonNode stopped = apply(old, List.of("/spec/stop=true"));
        assertThat(SchemaChecker.check(Crds.traceJobSchema(), stopped, old)).isEmpty();
        JsonNode stopAndLonger = apply(old, List.of("/spec/stop=true", "/spec/duration=3m"));
        assertThat(SchemaChecker.check(Crds.traceJobSchema(), stopAndLonger, old))
                .containsExactly("spec: " + CelRules.SPEC_IMMUTABLE_MSG);
        JsonNode unstopped = apply(stopped, List.of("/spec/stop=false"));
        assertThat(SchemaChecker.check(Crds.traceJobSchema(), unstopped, stopped))
                .containsExactly("spec: " + CelRules.SPEC_IMMUTABLE_MSG);
    }

    @Test
    void specIsImmutableButMetadataIsNot() {
        JsonNode old = Examples.tree(UPROBE);
        JsonNode changedSpec = apply(old, List.of("/spec/duration=3m"));
        assertThat(SchemaChecker.check(Crds.traceJobSchema(), changedSpec, old))
                .containsExactly("spec: " + CelRules.SPEC_IMMUTABLE_MSG);

        JsonNode changedLabels = apply(old, List.of("/metadata/labels={team: x}"));
        assertThat(SchemaChecker.check(Crds.traceJobSchema(), changedLabels, old)).isEmpty();

        // A spec that spells out the defaults is the same spec: no false "immutable" error after
        // defaulting.
        JsonNode explicitDefaults =
                apply(
                        old,
                        List.of(
                                "/spec/probe/measure=Latency",
                                "/spec/ttlSecondsAfterFinished=86400"));
        assertThat(SchemaChecker.check(Crds.traceJobSchema(), explicitDefaults, old)).isEmpty();
    }

    @Test
    void scheduleTemplateStaysEditable() {
        JsonNode old = Examples.tree("hourly-match-order-schedule.yaml");
        JsonNode edited =
                apply(old, List.of("/spec/jobTemplate/spec/duration=5m", "/spec/suspend=true"));
        assertThat(SchemaChecker.check(Crds.traceScheduleSchema(), edited, old)).isEmpty();
    }

    @Test
    void scheduleRulesAgree() throws IOException {
        JsonNode base = Examples.tree("hourly-match-order-schedule.yaml");
        for (String[] c :
                new String[][] {
                    {"spec.schedule", "/spec/schedule='* * * *'"},
                    {"spec.schedule", "/spec/schedule=TZ=UTC 0 * * * *"},
                    {"spec.schedule", "/spec/schedule=0 * * * *; id"},
                    {"spec.timeZone", "/spec/timeZone=Europe/../etc"},
                    {"spec.successfulJobsHistoryLimit", "/spec/successfulJobsHistoryLimit=101"},
                    {"spec.startingDeadlineSeconds", "/spec/startingDeadlineSeconds=-5"},
                    {
                        "spec.jobTemplate.spec.probe.function",
                        "/spec/jobTemplate/spec/probe/function=a|b"
                    },
                    {"spec.jobTemplate.spec", "/spec/jobTemplate/spec/stop=true"}
                }) {
            JsonNode manifest = apply(base, List.of(c[1]));
            assertThat(SchemaChecker.check(Crds.traceScheduleSchema(), manifest))
                    .as(c[1])
                    .anySatisfy(e -> assertThat(e).startsWith(c[0] + ": "));
            TraceSchedule schedule =
                    Manifests.readTraceSchedule(Crds.YAML.writeValueAsString(manifest));
            assertThat(SpecValidator.validate(schedule.getSpec()))
                    .as(c[1])
                    .extracting(Violation::field)
                    .contains(c[0]);
        }
        for (String ok :
                List.of(
                        "/spec/schedule='@hourly'",
                        "/spec/schedule='*/15 * * * *'",
                        "/spec/timeZone=Etc/GMT+5",
                        "/spec/schedule=0 9 * JAN-MAR MON-FRI")) {
            JsonNode manifest = apply(base, List.of(ok));
            assertThat(SchemaChecker.check(Crds.traceScheduleSchema(), manifest)).as(ok).isEmpty();
            TraceSchedule schedule =
                    Manifests.readTraceSchedule(Crds.YAML.writeValueAsString(manifest));
            assertThat(SpecValidator.validate(schedule.getSpec())).as(ok).isEmpty();
        }
    }

    static JsonNode apply(JsonNode base, List<String> edits) {
        ObjectNode doc = base.deepCopy();
        for (String edit : edits) {
            boolean remove = edit.startsWith("-");
            String pointer = remove ? edit.substring(1) : edit.substring(0, edit.indexOf('='));
            JsonPointer p = JsonPointer.compile(pointer);
            ObjectNode parent = (ObjectNode) doc.at(p.head());
            String name = p.last().getMatchingProperty();
            if (remove) {
                assertThat(parent.has(name))
                        .as("edit " + edit + " removes a field that exists")
                        .isTrue();
                parent.remove(name);
            } else {
                try {
                    parent.set(name, Crds.YAML.readTree(edit.substring(edit.indexOf('=') + 1)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return doc;
    }
}
