package io.tracejob.operator.plugin.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The progress line of {@code run --wait} through a job's phases. */
class ProgressLineTest {
    private static final Instant NOW = Instant.parse("2026-12-02T01:00:10Z");

    private static TraceJob job(Phase phase, String message) {
        TraceJob job = Workloads.job("shop", "checkout", Pick.Slowest); // duration 30s
        if (phase != null) {
            TraceJobStatus s = new TraceJobStatus();
            s.setPhase(phase);
            s.setMessage(message);
            job.setStatus(s);
        }
        return job;
    }

    @Test
    void saysWhereTheJobIsAndHowLongIsLeft() {
        assertThat(ProgressLine.of(job(null, null), NOW))
                .isEqualTo("created, waiting for the operator");
        assertThat(ProgressLine.of(job(Phase.Selecting, "ranking 3 pods by CPU"), NOW))
                .isEqualTo("selecting the pod to trace: ranking 3 pods by CPU");

        TraceJob running = job(Phase.Running, null);
        assertThat(ProgressLine.of(running, NOW)).isEqualTo("tracing: agents starting");
        TargetStatus target = new TargetStatus();
        target.setPod("shop-a");
        target.setNode("node-1");
        running.getStatus().setTarget(target);
        assertThat(ProgressLine.of(running, NOW))
                .isEqualTo("tracing pod shop-a on node-1, agent starting");
        running.getStatus().setStartTime("2026-12-02T01:00:05Z");
        assertThat(ProgressLine.of(running, NOW))
                .isEqualTo("tracing pod shop-a on node-1, 25s left");
        assertThat(ProgressLine.of(running, NOW.plusSeconds(30)))
                .isEqualTo("tracing pod shop-a on node-1, collecting the result");
        assertThat(ProgressLine.of(job(Phase.Failed, "no ready pod matches"), NOW))
                .isEqualTo("failed: no ready pod matches");
    }
}
