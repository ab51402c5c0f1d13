package io.tracejob.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.ConcurrencyPolicy;
import io.tracejob.api.v1alpha1.PrometheusTrigger;
import io.tracejob.api.v1alpha1.TriggerEvaluation;
import io.tracejob.api.v1alpha1.TriggerState;
import io.tracejob.operator.schedule.TriggerPlanner.Decision;
import io.tracejob.operator.schedule.TriggerPlanner.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The trigger's decision, with the clock in the test's hands: an alerting rule's 'for', a cooldown.
 */
class TriggerPlannerTest {
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private static PrometheusTrigger trigger() {
        PrometheusTrigger t = new PrometheusTrigger();
        t.setUrl("http://prometheus:9090");
        t.setQuery("p99");
        t.setThreshold(0.25);
        t.setFor("2m");
        t.setInterval("30s");
        t.setCooldown("30m");
        return t;
    }

    private static Decision at(TriggerEvaluation last, double value, Instant now, int active) {
        return TriggerPlanner.decide(
                trigger(),
                last,
                Reading.of(OptionalDouble.of(value)),
                now,
                active,
                ConcurrencyPolicy.Forbid);
    }

    @Test
    void belowThresholdOrNoSampleStartsNothing() {
        Decision d = at(null, 0.25, T0, 0);
        assertThat(d.evaluation().getState()).isEqualTo(TriggerState.Below);
        assertThat(d.evaluation().getValue()).isEqualTo("0.25");
        assertThat(d.evaluation().getMessage()).isEqualTo("0.25 is not above the threshold 0.25");
        assertThat(d.start()).isEmpty();
        Decision none =
                TriggerPlanner.decide(
                        trigger(),
                        null,
                        Reading.of(OptionalDouble.empty()),
                        T0,
                        0,
                        ConcurrencyPolicy.Allow);
        assertThat(none.evaluation().getState()).isEqualTo(TriggerState.Below);
        assertThat(none.evaluation().getMessage()).isEqualTo("the query returned no sample");
    }

    @Test
    void aboveThresholdIsPendingUntilForHasPassedThenFiresOnce() {
        Decision first = at(null, 0.4, T0, 0);
        assertThat(first.evaluation().getState()).isEqualTo(TriggerState.Pending);
        assertThat(first.evaluation().getPendingSince()).isEqualTo(T0.toString());
        assertThat(first.start()).isEmpty();
        Decision still = at(first.evaluation(), 0.5, T0.plusSeconds(119), 0);
        assertThat(still.evaluation().getState()).isEqualTo(TriggerState.Pending);
        assertThat(still.start()).isEmpty();
        Decision fires = at(still.evaluation(), 0.5, T0.plusSeconds(120), 0);
        assertThat(fires.evaluation().getState()).isEqualTo(TriggerState.Firing);
        assertThat(fires.start()).contains(T0.plusSeconds(120));
        assertThat(fires.evaluation().getLastFiredTime()).isEqualTo(T0.plusSeconds(120).toString());
    }

    @Test
    void aDipBelowThresholdRestartsTheForWindow() {
        Decision pending = at(null, 0.4, T0, 0);
        Decision dip = at(pending.evaluation(), 0.1, T0.plusSeconds(60), 0);
        assertThat(dip.evaluation().getPendingSince()).isNull();
        Decision again = at(dip.evaluation(), 0.4, T0.plusSeconds(150), 0);
        assertThat(again.evaluation().getState()).isEqualTo(TriggerState.Pending);
        assertThat(again.evaluation().getPendingSince()).isEqualTo(T0.plusSeconds(150).toString());
    }

    @Test
    void noSecondRunWithinTheCooldownAndOneAfterIt() {
        Decision fired = at(at(null, 0.4, T0, 0).evaluation(), 0.4, T0.plusSeconds(120), 0);
        Instant firedAt = fired.start().orElseThrow();
        Decision cooling = at(fired.evaluation(), 0.9, firedAt.plus(Duration.ofMinutes(29)), 0);
        assertThat(cooling.evaluation().getState()).isEqualTo(TriggerState.Firing);
        assertThat(cooling.start()).isEmpty();
        assertThat(cooling.evaluation().getMessage())
                .contains(
                        "cooling down: no TraceJob before " + firedAt.plus(Duration.ofMinutes(30)));
        Decision after = at(cooling.evaluation(), 0.9, firedAt.plus(Duration.ofMinutes(30)), 0);
        assertThat(after.start()).contains(firedAt.plus(Duration.ofMinutes(30)));
    }

    @Test
    void forbidWaitsForTheRunningJobAndReplaceReplacesIt() {
        TriggerEvaluation pending = at(null, 0.4, T0, 0).evaluation();
        Decision forbid = at(pending, 0.4, T0.plusSeconds(120), 1);
        assertThat(forbid.start()).isEmpty();
        assertThat(forbid.evaluation().getMessage()).contains("previous TraceJob still runs");
        Decision replace =
                TriggerPlanner.decide(
                        trigger(),
                        pending,
                        Reading.of(OptionalDouble.of(0.4)),
                        T0.plusSeconds(120),
                        1,
                        ConcurrencyPolicy.Replace);
        assertThat(replace.start()).isPresent();
        assertThat(replace.replaceActive()).isTrue();
    }

    @Test
    void anErrorIsReportedWithItsReasonAndKeepsTheWindow() {
        TriggerEvaluation pending = at(null, 0.4, T0, 0).evaluation();
        Decision error =
                TriggerPlanner.decide(
                        trigger(),
                        pending,
                        Reading.failed("PrometheusUnreachable", "cannot query Prometheus at ..."),
                        T0.plusSeconds(30),
                        0,
                        ConcurrencyPolicy.Forbid);
        assertThat(error.evaluation().getState()).isEqualTo(TriggerState.Error);
        assertThat(error.errorReason()).isEqualTo("PrometheusUnreachable");
        assertThat(error.evaluation().getMessage()).startsWith("cannot query Prometheus");
        assertThat(error.start()).isEmpty();
        // back after the outage, still above: 'for' counts from before it
        Decision back = at(error.evaluation(), 0.4, T0.plusSeconds(120), 0);
        assertThat(back.start()).contains(T0.plusSeconds(120));
    }

    @Test
    void evaluationsAreDueEveryInterval() {
        TriggerEvaluation last = at(null, 0.1, T0, 0).evaluation();
        assertThat(TriggerPlanner.due(trigger(), null, T0)).isTrue();
        assertThat(TriggerPlanner.due(trigger(), last, T0.plusSeconds(29))).isFalse();
        assertThat(TriggerPlanner.due(trigger(), last, T0.plusSeconds(30))).isTrue();
        assertThat(TriggerPlanner.nextEvaluation(trigger(), last)).isEqualTo(T0.plusSeconds(30));
    }
}
