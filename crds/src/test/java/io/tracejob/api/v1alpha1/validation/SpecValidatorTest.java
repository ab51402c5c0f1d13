package io.tracejob.api.v1alpha1.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.testsupport.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and edge values set directly on the model (as the agent would receive them), not via
 * YAML.
 */
class SpecValidatorTest {

    private static TraceJobSpec uprobe() {
        return Manifests.readTraceJob(Examples.text("match-order-uprobe.yaml")).getSpec();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "f;reboot",
                "f && id",
                "f|id",
                "f`id`",
                "$(id)",
                "f$(id)",
                "f'",
                "f\"",
                "f\nid",
                "f\rid",
                "f\u0000",
                "f\tg",
                "f g",
                "f>x",
                "f<x",
                "f{a}",
                "f#",
                "f!",
                "f~",
                "f?",
                "f\\x",
                "ƒ",
                "f\u200b",
                "-f",
                ".f",
                "(f)",
                "f(",
                "f@plt",
                "9f",
                ""
            })
    void hostileFunctionNamesAreRejected(String function) {
        TraceJobSpec spec = uprobe();
        spec.getProbe().setFunction(function);
        assertThat(SpecValidator.validate(spec))
                .extracting(Violation::field)
                .containsExactly("spec.probe.function");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "match_order",
                "_ZN6Engine10matchOrderERK5Order",
                "main.(*Book).Match",
                "main.main.func1",
                "github.com/acme/my-lib/v2.(*Client).Do",
                "main.Sum[go.shape.int,go.shape.string]",
                "_ZN50_$LT$std..io..error..Error$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE",
                "_RNvCs1234_7mycrate4main",
                "SSL_read",
                "gopkg.in/yaml%2ev3.Unmarshal"
            })
    void realSymbolsAreAccepted(String function) {
        TraceJobSpec spec = uprobe();
        spec.getProbe().setFunction(function);
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "app",
                "./app",
                "/app/../etc/shadow",
                "/..",
                "/.",
                "/app/.",
                "/app/./x",
                "/app//x",
                "/app/",
                "/",
                "/app x",
                "/app;id",
                "/app\n",
                "/app$(id)",
                "/app/*",
                "/app/\u00e9",
                "~/app",
                "/app\u0000"
            })
    void hostilePathsAreRejected(String binary) {
        TraceJobSpec spec = uprobe();
        spec.getProbe().setBinary(binary);
        assertThat(SpecValidator.validate(spec))
                .extracting(Violation::field)
                .containsExactly("spec.probe.binary");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/app/match-engine",
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/opt/.venv/bin/python3.11",
                "/a/...",
                "/a/..b",
                "/nix/store/abc-glibc-2.38/lib/libc.so.6",
                "/app/v1.2.3+build@x~1"
            })
    void realPathsAreAccepted(String binary) {
        TraceJobSpec spec = uprobe();
        spec.getProbe().setBinary(binary);
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void hugeStringsAreRejectedByLengthBeforeAnyPattern() {
        TraceJobSpec spec = uprobe();
        String huge = "/a".repeat(2_000_000);
        spec.getProbe().setBinary(huge);
        spec.getProbe().setFunction("f".repeat(5_000_000));
        List<Violation> v = SpecValidator.validate(spec);
        assertThat(v)
                .extracting(Violation::rule)
                .containsExactly(
                        "must be at most " + Rules.ABSOLUTE_PATH_MAX + " characters",
                        "must be at most " + Rules.SYMBOL_MAX + " characters");
        assertThat(v.get(0).value()).hasSizeLessThan(100).endsWith("… (4000000 chars)");
    }

    @Test
    void selectorLabelsAreCheckedLikeTheApiServerWould() {
        TraceJobSpec spec = uprobe();
        spec.getTarget().getSelector().getMatchLabels().put("bad key", "v");
        spec.getTarget().getSelector().getMatchLabels().put("example.com/tier", "web;id");
        spec.getTarget().getSelector().getMatchLabels().put("ok", "fine-1.0_x");
        assertThat(SpecValidator.validate(spec))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "spec.target.selector.matchLabels",
                        "spec.target.selector.matchLabels.example.com/tier");
    }

    @Test
    void numbersOutOfRange() {
        TraceJobSpec spec = uprobe();
        spec.getProbe().setOffset(-1L);
        spec.getOverheadBudget().setMaxCpuPercent(Double.NaN);
        spec.getHistogram().setSignificantDigits(-2);
        spec.getTarget().setMaxPods(-10);
        spec.setTtlSecondsAfterFinished(Long.MIN_VALUE);
        assertThat(SpecValidator.validate(spec))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "spec.probe.offset",
                        "spec.overheadBudget.maxCpuPercent",
                        "spec.histogram.significantDigits",
                        "spec.target.maxPods",
                        "spec.ttlSecondsAfterFinished");
    }

    @Test
    void missingPartsAreNamed() {
        assertThat(SpecValidator.validate((TraceJobSpec) null))
                .extracting(Violation::field)
                .containsExactly("spec");
        TraceJobSpec empty = new TraceJobSpec();
        assertThat(SpecValidator.validate(empty))
                .extracting(Violation::field)
                .containsExactly("spec.target", "spec.probe", "spec.duration");
    }

    @Test
    void checkThrowsOneLineNamingFieldAndRuleWithTheValueEscaped() {
        TraceJobSpec spec = uprobe();
        spec.getProbe().setFunction("f\n; reboot \"now\"");
        spec.getProbe().setBinary(null);
        assertThatThrownBy(() -> SpecValidator.check(spec))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage(
                        "invalid TraceJob spec: spec.probe.function: "
                                + Rules.SYMBOL_RULE
                                + " (got \"f\\n; reboot \\\"now\\\"\"); spec.probe.binary: "
                                + CelRules.UPROBE_BINARY_MSG)
                .satisfies(e -> assertThat(((InvalidSpecException) e).getViolations()).hasSize(2));
    }

    @Test
    void displayEscapesControlAndNonAsciiCharacters() {
        assertThat(Violation.display("a\u0000b\u001b[31m\u00e9\\"))
                .isEqualTo("a\\u0000b\\u001b[31m\\u00e9\\\\");
    }

    @Test
    void validSpecPassesCheck() throws InvalidSpecException {
        SpecValidator.check(uprobe());
    }
}
