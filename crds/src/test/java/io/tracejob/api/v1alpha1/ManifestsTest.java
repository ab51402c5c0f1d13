package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManifestsTest {

    private static final String JOB =
            """
            apiVersion: tracing.tracejob.io/v1alpha1
            kind: TraceJob
            metadata: {name: j}
            spec:
              target: {podName: p}
              probe: {family: Uprobe, binary: /b, function: f}
              duration: 1m
            """;

    @Test
    void readsAndFillsDefaults() {
        TraceJob job = Manifests.readTraceJob(JOB);
        assertThat(job.getMetadata().getName()).isEqualTo("j");
        assertThat(job.getSpec().getInterval()).isEqualTo("10s");
        assertThat(job.getSpec().getOverheadBudget().getMaxCpuPercent()).isEqualTo(1.0);
        assertThat(job.getSpec().getOverheadBudget().getOnExceed()).isEqualTo(OnExceed.DutyCycle);
        assertThat(job.getSpec().getHistogram().getSignificantDigits()).isEqualTo(2);
        assertThat(job.getSpec().getProbe().getMeasure()).isEqualTo(Measure.Latency);
        assertThat(job.getSpec().getProbe().getOffset()).isNull();
    }

    @Test
    void unknownFieldIsNamed() {
        assertThatThrownBy(() -> Manifests.readTraceJob(JOB.replace("function: f", "fuction: f")))
                .hasMessageContaining("unknown field spec.probe.fuction")
                .hasMessageContaining("function");
        assertThatThrownBy(
                        () ->
                                Manifests.readTraceJob(
                                        JOB.replace("{name: j}", "{name: j, lables: {a: b}}")))
                .hasMessageContaining("unknown field metadata.lables");
        assertThatThrownBy(
                        () ->
                                Manifests.readTraceJob(
                                        JOB.replace(
                                                "{podName: p}",
                                                "{selector: {matchLabel: {a: b}}}")))
                .hasMessageContaining("unknown field spec.target.selector.matchLabel");
    }

    @Test
    void otherKindsAreRejected() {
        assertThatThrownBy(() -> Manifests.readTraceJob(JOB.replace("kind: TraceJob", "kind: Pod")))
                .hasMessageContaining(
                        "expected apiVersion tracing.tracejob.io/v1alpha1 and kind TraceJob")
                .hasMessageContaining("kind 'Pod'");
        assertThatThrownBy(() -> Manifests.readTraceJob(JOB.replace("v1alpha1", "v1")))
                .hasMessageContaining("apiVersion 'tracing.tracejob.io/v1'");
        assertThatThrownBy(() -> Manifests.readTraceSchedule(JOB))
                .hasMessageContaining("kind TraceSchedule");
    }

    @Test
    void wrongTypesAndBadYamlNameTheProblem() {
        assertThatThrownBy(
                        () ->
                                Manifests.readTraceJob(
                                        JOB.replace("family: Uprobe", "family: Uprobes")))
                .hasMessageContaining("spec.probe.family");
        assertThatThrownBy(
                        () ->
                                Manifests.readTraceJob(
                                        JOB + "  histogram: {significantDigits: many}\n"))
                .hasMessageContaining("spec.histogram.significantDigits");
        assertThatThrownBy(() -> Manifests.readTraceJob("spec: [unclosed"))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> Manifests.readTraceJob("- a\n- b\n"))
                .hasMessageContaining("expected one TraceJob");
    }
}
