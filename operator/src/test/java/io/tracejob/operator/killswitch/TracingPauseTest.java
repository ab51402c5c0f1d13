package io.tracejob.operator.killswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TracingPauseTest {
    private final AtomicReference<ConfigMap> live = new AtomicReference<>();
    private final AtomicReference<Instant> now =
            new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock =
            new Clock() {
                @Override
                public Instant instant() {
                    return now.get();
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            };

    private TracingPause pause() {
        TracingPause p = new TracingPause(clock);
        p.attach(() -> Optional.ofNullable(live.get()));
        return p;
    }

    private void set(Map<String, String> data) {
        live.set(
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(TracingPause.CONFIG_MAP)
                        .endMetadata()
                        .withData(data)
                        .build());
    }

    @Test
    void releasedWithoutTheConfigMapOrWithFalse() {
        TracingPause p = pause();
        assertThat(p.paused()).isFalse();
        set(Map.of("paused", "false", "reason", "old incident"));
        assertThat(p.paused()).isFalse();
        assertThat(p.since()).isEmpty();
    }

    @Test
    void pausedWithItsReasonAndAnUnknownValueFailsClosed() {
        TracingPause p = pause();
        set(Map.of("paused", "True", "reason", "incident 9"));
        assertThat(p.paused()).isTrue();
        assertThat(p.reason()).isEqualTo("incident 9");
        set(Map.of("paused", "yes"));
        assertThat(p.paused()).isTrue();
        assertThat(p.reason())
                .startsWith("no reason given")
                .contains("data.paused", "\"yes\"", "treated as paused");
    }

    @Test
    void drainIsTimedFromThePauseToTheFirstPassWithoutATracingAgentOnce() {
        TracingPause p = pause();
        set(Map.of("paused", "true"));
        assertThat(p.paused()).isTrue();
        now.set(now.get().plusSeconds(3));
        assertThat(p.drained(true)).isEmpty();
        now.set(now.get().plusSeconds(2));
        assertThat(p.drained(false)).contains(Duration.ofSeconds(5));
        assertThat(p.drained(false)).isEmpty();
        set(Map.of("paused", "false"));
        assertThat(p.drained(false)).isEmpty();
        assertThat(p.since()).isEmpty();
    }

    @Test
    void theRequesterIsTheManagerOfSpecStopAndTheJobsOwnStopWinsOverThePause() {
        TraceJob job = Workloads.job("shop", "j", Pick.Any);
        FieldsV1 created = new FieldsV1();
        created.setAdditionalProperty("f:spec", Map.of("f:duration", Map.of()));
        FieldsV1 stopped = new FieldsV1();
        stopped.setAdditionalProperty("f:spec", Map.of("f:stop", Map.of()));
        job.getMetadata()
                .setManagedFields(
                        List.of(
                                new ManagedFieldsEntryBuilder()
                                        .withManager("kubectl-client-side-apply")
                                        .withOperation("Update")
                                        .withTime("2026-12-01T10:00:00Z")
                                        .withFieldsV1(created)
                                        .build(),
                                new ManagedFieldsEntryBuilder()
                                        .withManager("kubectl-patch")
                                        .withOperation("Update")
                                        .withTime("2026-12-01T10:05:00Z")
                                        .withFieldsV1(stopped)
                                        .build()));
        assertThat(StopRequester.of(job)).contains("kubectl-patch at 2026-12-01T10:05:00Z");

        TracingPause p = pause();
        set(Map.of("paused", "true", "reason", "incident"));
        assertThat(StopRequest.of(job, p).orElseThrow().byPause()).isTrue();
        job.getSpec().setStop(true);
        StopRequest own = StopRequest.of(job, p).orElseThrow();
        assertThat(own.byPause()).isFalse();
        assertThat(own.message())
                .isEqualTo("spec.stop set to true by kubectl-patch at 2026-12-01T10:05:00Z");
    }
}
