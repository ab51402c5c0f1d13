package io.tracejob.operator.plugin;

import static io.tracejob.operator.plugin.PluginRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.operator.plugin.render.PercentileTable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code show}, {@code compare}, {@code trend} and {@code -o hgrm} on saved TraceJobs (two with a
 * real agent's Result, see resources/plugin/README.md) against golden output, and the figures in
 * that output checked against the Result itself.
 */
class ShowGoldenTest {
    private static final Pattern ROW =
            Pattern.compile("^\\[[^\\]\\)]*[\\]\\)]\\s+(\\d+) \\|[@ ]*\\|$", Pattern.MULTILINE);

    private static Result result(String fixture) {
        return Manifests.readTraceJob(PluginRun.read(fixture)).getStatus().getResult();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "match-order-before",
                "match-order-after",
                "match-order-slowest",
                "match-order-all",
                "match-order-duty"
            })
    void showMatchesGolden(String job) {
        PluginRun.offline("show", "-f", fixture(job + ".yaml"))
                .succeeded()
                .matchesGolden("show-" + job + ".txt");
    }

    @Test
    void hgrmCompareAndTrendMatchGolden() {
        PluginRun.offline("show", "-f", fixture("match-order-before.yaml"), "-o", "hgrm")
                .succeeded()
                .matchesGolden("hgrm-match-order-before.txt");
        PluginRun.offline(
                        "compare",
                        "-f",
                        fixture("match-order-before.yaml"),
                        "-f",
                        fixture("match-order-after.yaml"))
                .succeeded()
                .matchesGolden("compare-before-after.txt");
        PluginRun.offline("trend", "-f", fixture("match-order-hourly.yaml"))
                .succeeded()
                .matchesGolden("trend-match-order-hourly.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "2", "8", "32", "128"})
    void histogramRowsSumToTheCountAtEveryResolution(String buckets) {
        Result r = result("match-order-before.yaml");
        List<String> args =
                new ArrayList<>(List.of("show", "-f", fixture("match-order-before.yaml")));
        if (!buckets.isEmpty()) args.addAll(List.of("--buckets", buckets));
        String out = PluginRun.offline(args.toArray(String[]::new)).succeeded().out();
        long sum = 0, rows = 0;
        Matcher m = ROW.matcher(out);
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            rows++;
        }
        assertThat(sum).isEqualTo(r.getCount()).isPositive();
        if (buckets.isEmpty()) assertThat(rows).isBetween(2L, 24L);
        else assertThat(out).contains(buckets + (buckets.equals("1") ? " row" : " rows"));
    }

    @Test
    void thePercentilesPrintedAreTheResults() {
        for (String job : List.of("match-order-before.yaml", "match-order-after.yaml")) {
            Result r = result(job);
            String out = PluginRun.offline("show", "-f", fixture(job)).succeeded().out();
            for (PercentileTable.Level level : PercentileTable.LEVELS) {
                Matcher m =
                        Pattern.compile(
                                        "^"
                                                + Pattern.quote(level.label())
                                                + "\\s+\\S+\\s+(\\d+) ns$",
                                        Pattern.MULTILINE)
                                .matcher(out);
                assertThat(m.find()).as("%s row in\n%s", level.label(), out).isTrue();
                assertThat(Long.parseLong(m.group(1)))
                        .isEqualTo(level.value().applyAsLong(r.getPercentiles()));
            }
            assertThat(out).containsPattern("(?m)^max\\s+\\S+\\s+" + r.getMaxNanos() + " ns$");
        }
    }

    @Test
    void callsMissedByDutyCyclingAgreeWithTheAgentsOwnEstimate() {
        Result r = result("match-order-duty.yaml");
        String warning =
                r.getWarnings().stream()
                        .filter(w -> w.startsWith("duty cycled"))
                        .findFirst()
                        .orElseThrow();
        Matcher agent = Pattern.compile("about (\\d+) calls were not observed").matcher(warning);
        assertThat(agent.find()).isTrue();
        String out = PluginRun.offline("show", "-f", fixture("match-order-duty.yaml")).out();
        assertThat(out)
                .contains(
                        "unobserved about "
                                + agent.group(1)
                                + " calls while the probes were off (at the observed rate)");
    }

    @Test
    void outputJsonAndYamlAreTheResult() {
        Result r = result("match-order-after.yaml");
        String json =
                PluginRun.offline("show", "-f", fixture("match-order-after.yaml"), "-o", "json")
                        .succeeded()
                        .out();
        assertThat(Result.fromJson(json).toJson()).isEqualTo(r.toJson());
        String yaml =
                PluginRun.offline("show", "-f", fixture("match-order-after.yaml"), "-o", "yaml")
                        .succeeded()
                        .out();
        assertThat(
                        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                                        yaml, Result.class)
                                .toJson())
                .isEqualTo(r.toJson());
    }

    @Test
    void aResolutionFinerThanTheHistogramIsRefusedWithTheLimit() {
        PluginRun run =
                PluginRun.offline(
                        "show", "-f", fixture("match-order-before.yaml"), "--buckets", "256");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "finer than the histogram's precision (2 significant digits): at most 128");
        assertThat(
                        PluginRun.offline(
                                        "show",
                                        "-f",
                                        fixture("match-order-before.yaml"),
                                        "--buckets",
                                        "3")
                                .err())
                .contains("power of two");
    }
}
