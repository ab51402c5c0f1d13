package io.tracejob.api.v1alpha1.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's Jackson-free reader must give the same spec as {@code Manifests} (Jackson, the
 * model's own binding) for every manifest, and refuse the same bad ones naming the same field.
 */
class SpecReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIELD =
            Pattern.compile("(?:spec|metadata)(?:\\.[A-Za-z0-9]+|\\[\\d+])*");

    static final String FULL =
            """
            apiVersion: tracing.tracejob.io/v1alpha1
            kind: TraceJob
            metadata: {name: j, namespace: shop, labels: {team: sre}}
            spec:
              target:
                selector:
                  matchLabels: {app: match-engine}
                  matchExpressions: [{key: tier, operator: In, values: [hot, warm]}]
                container: engine
                pick: Slowest
                maxPods: 5
                slowestBy: {prometheus: {url: "http://prometheus:9090", query: "p99", podLabel: pod}}
              probe: {family: Uprobe, binary: /srv/engine, function: match_order, offset: 4, measure: Latency}
              duration: 1m
              interval: 5s
              overheadBudget: {maxCpuPercent: 2.5, onExceed: Stop}
              histogram: {significantDigits: 3}
              ttlSecondsAfterFinished: 600
            """;

    static Stream<String> variants() {
        List<String> v = new ArrayList<>();
        v.add(FULL);
        v.add(
                FULL.replace("  interval: 5s\n", "")
                        .replace("  histogram: {significantDigits: 3}\n", "")); // defaults
        // unknown fields at every level
        v.add(FULL.replace("function: match_order", "fuction: match_order"));
        v.add(FULL.replace("pick: Slowest", "pik: Slowest"));
        v.add(FULL.replace("matchLabels:", "matchLabel:"));
        v.add(FULL.replace("{key: tier,", "{kee: tier,"));
        v.add(FULL.replace("{name: j,", "{name: j, lables: {a: b},"));
        v.add(FULL.replace("podLabel: pod", "podLabel: pod, extra: 1"));
        v.add(FULL + "  surprise: true\n");
        // wrong types and values
        v.add(FULL.replace("family: Uprobe", "family: Uprobes"));
        v.add(FULL.replace("family: Uprobe", "family: uprobe"));
        v.add(FULL.replace("family: Uprobe", "family: [Uprobe]"));
        v.add(FULL.replace("maxPods: 5", "maxPods: many"));
        v.add(FULL.replace("maxPods: 5", "maxPods: 99999999999"));
        v.add(FULL.replace("maxPods: 5", "maxPods: 2.5"));
        v.add(FULL.replace("maxPods: 5", "maxPods: -3"));
        v.add(FULL.replace("maxPods: 5", "maxPods: {a: 1}"));
        v.add(FULL.replace("offset: 4", "offset: -1"));
        v.add(FULL.replace("offset: 4", "offset: 1e3"));
        v.add(FULL.replace("offset: 4", "offset: null"));
        v.add(FULL.replace("maxCpuPercent: 2.5", "maxCpuPercent: 1"));
        v.add(FULL.replace("maxCpuPercent: 2.5", "maxCpuPercent: lots"));
        v.add(FULL.replace("onExceed: Stop", "onExceed: Pause"));
        v.add(FULL.replace("significantDigits: 3", "significantDigits: 7"));
        v.add(FULL.replace("ttlSecondsAfterFinished: 600", "ttlSecondsAfterFinished: soon"));
        v.add(FULL.replace("values: [hot, warm]", "values: hot"));
        v.add(FULL.replace("matchLabels: {app: match-engine}", "matchLabels: [app]"));
        v.add(
                FULL.replace(
                        "probe: {",
                        "probe: {usdt: {provider: p, start: s, end: e}, tracepoint: {start: 'a:b', end: 'a:c', key: thread}, "));
        // hostile strings bind as they are; SpecValidator refuses them later
        v.add(FULL.replace("function: match_order", "function: \"x; rm -rf /\""));
        v.add(FULL.replace("binary: /srv/engine", "binary: \"/proc/self/../../etc/passwd\""));
        v.add(FULL.replace("duration: 1m", "duration: \"1m\\n}; system(\\\"id\\\")\""));
        return v.stream();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void agreesWithManifests(String yaml) throws Exception {
        TraceJobSpec jackson = null, light = null;
        RuntimeException jacksonError = null, lightError = null;
        try {
            jackson = Manifests.readTraceJob(yaml).getSpec();
        } catch (RuntimeException e) {
            jacksonError = e;
        }
        try {
            light = SpecReader.readManifest(yaml, "manifest");
        } catch (RuntimeException e) {
            lightError = e;
        }
        if (jacksonError == null) {
            assertThat(lightError).as("Jackson read it; so must SpecReader").isNull();
            assertThat(JSON.writeValueAsString(light)).isEqualTo(JSON.writeValueAsString(jackson));
        } else {
            assertThat(lightError)
                    .as("Jackson refused it (%s); so must SpecReader", jacksonError.getMessage())
                    .isNotNull();
            String field = field(jacksonError.getMessage());
            if (field != null)
                assertThat(lightError.getMessage())
                        .as("Jackson: %s", jacksonError.getMessage())
                        .contains(field);
        }
    }

    @Test
    void everyExampleReadsAsManifestsReadsIt() throws Exception {
        Path examples =
                Path.of(System.getenv().getOrDefault("TRACEJOB_REPO_ROOT", ".."))
                        .resolve("docs/examples");
        int n = 0;
        try (var files = Files.list(examples)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String yaml = Files.readString(f);
                if (!yaml.contains("kind: TraceJob\n")) continue;
                assertThat(JSON.writeValueAsString(SpecReader.readManifest(yaml, f.toString())))
                        .as(f.toString())
                        .isEqualTo(JSON.writeValueAsString(Manifests.readTraceJob(yaml).getSpec()));
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(4);
    }

    @Test
    void specJsonAgreesWithManifests() throws Exception {
        String json =
                """
                {"target":{"podName":"p"},"probe":{"family":"Usdt","binary":"/usr/bin/postgres",
                 "usdt":{"provider":"postgresql","start":"query__start","end":"query__done"}},
                 "duration":"30s","overheadBudget":{"maxCpuPercent":0.5}}
                """;
        assertThat(JSON.writeValueAsString(SpecReader.readSpecJson(json, "--spec-json")))
                .isEqualTo(
                        JSON.writeValueAsString(
                                Manifests.readTraceJob(
                                                "{\"apiVersion\": \"tracing.tracejob.io/v1alpha1\","
                                                        + " \"kind\": \"TraceJob\", \"metadata\": {\"name\": \"s\"}, \"spec\": "
                                                        + json
                                                        + "}")
                                        .getSpec()));
        assertThatThrownBy(
                        () ->
                                SpecReader.readSpecJson(
                                        json.replace("\"provider\"", "\"providr\""), "--spec-json"))
                .hasMessageContaining("--spec-json")
                .hasMessageContaining("unknown field spec.probe.usdt.providr");
        assertThatThrownBy(() -> SpecReader.readSpecJson("[1]", "--spec-json"))
                .hasMessageContaining("expected a TraceJobSpec object");
        assertThatThrownBy(() -> SpecReader.readSpecJson("{\"duration\": ", "--spec-json"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void yaml11ScalarsStayStringsAndDuplicatesAreRefused() {
        // "on"/"yes" would be booleans and 010 octal in YAML 1.1: here they stay what the user
        // wrote
        TraceJobSpec s =
                SpecReader.readManifest(FULL.replace("function: match_order", "function: on"), "m");
        assertThat(s.getProbe().getFunction()).isEqualTo("on");
        assertThat(
                        SpecReader.readManifest(FULL.replace("maxPods: 5", "maxPods: 010"), "m")
                                .getTarget()
                                .getMaxPods())
                .isEqualTo(10);
        assertThatThrownBy(() -> SpecReader.readManifest(FULL + "  duration: 2m\n", "m"))
                .hasMessageContaining("duplicate key duration");
    }

    static String field(String message) {
        Matcher m = FIELD.matcher(message);
        String best = null;
        while (m.find()) if (best == null || m.group().length() > best.length()) best = m.group();
        return best;
    }
}
