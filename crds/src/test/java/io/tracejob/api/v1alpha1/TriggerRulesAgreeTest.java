package io.tracejob.api.v1alpha1;

import static io.tracejob.api.v1alpha1.SchemaAndValidatorAgreeTest.apply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.Examples;
import io.tracejob.api.v1alpha1.testsupport.SchemaChecker;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.api.v1alpha1.validation.TriggerRules;
import io.tracejob.api.v1alpha1.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A TraceSchedule's {@code trigger}: the CRD (patterns and CEL rules) and {@link SpecValidator}
 * refuse the same manifests, naming the same field.
 */
class TriggerRulesAgreeTest {
    private static final String EXAMPLE = "slow-orders-trigger-schedule.yaml";

    private static void bothRefuse(JsonNode base, String edit, String field, String message)
            throws Exception {
        JsonNode manifest = apply(base, List.of(edit));
        assertThat(SchemaChecker.check(Crds.traceScheduleSchema(), manifest))
                .as(edit)
                .anySatisfy(
                        e -> {
                            assertThat(e).startsWith(field + ": ");
                            if (message != null) assertThat(e).contains(message);
                        });
        TraceSchedule s = Manifests.readTraceSchedule(Crds.YAML.writeValueAsString(manifest));
        assertThat(SpecValidator.validate(s.getSpec()))
                .as(edit)
                .anySatisfy(
                        v -> {
                            assertThat(v.field()).isEqualTo(field);
                            if (message != null) assertThat(v.rule()).contains(message);
                        });
    }

    private static void bothAccept(JsonNode base, String... edits) throws Exception {
        JsonNode manifest = apply(base, List.of(edits));
        assertThat(SchemaChecker.check(Crds.traceScheduleSchema(), manifest))
                .as(List.of(edits).toString())
                .isEmpty();
        TraceSchedule s = Manifests.readTraceSchedule(Crds.YAML.writeValueAsString(manifest));
        assertThat(SpecValidator.validate(s.getSpec())).as(List.of(edits).toString()).isEmpty();
    }

    @Test
    void invalidTriggersAreRefusedByBothNamingTheField() throws Exception {
        JsonNode base = Examples.tree(EXAMPLE);
        String at = "spec.trigger.prometheus";
        bothRefuse(
                base,
                "/spec/trigger/prometheus/interval=1s",
                at + ".interval",
                TriggerRules.INTERVAL_MIN_MSG);
        bothRefuse(
                base,
                "/spec/trigger/prometheus/cooldown=30s",
                at + ".cooldown",
                TriggerRules.COOLDOWN_MIN_MSG);
        bothRefuse(base, "/spec/trigger/prometheus/for=soon", at + ".for", null);
        bothRefuse(base, "/spec/trigger/prometheus/url=http://u:p@prom:9090", at + ".url", null);
        bothRefuse(base, "/spec/trigger/prometheus/query=\"up\\x07\"", at + ".query", null);
        bothRefuse(base, "-/spec/trigger/prometheus/threshold", at + ".threshold", null);
        bothRefuse(base, "-/spec/trigger/prometheus", at, null);
        bothRefuse(base, "-/spec/trigger", "spec", TriggerRules.SCHEDULE_OR_TRIGGER_MSG);
    }

    @Test
    void aTriggerAloneACronAloneOrBothAreValid() throws Exception {
        JsonNode trigger = Examples.tree(EXAMPLE);
        bothAccept(trigger);
        bothAccept(trigger, "/spec/schedule=0 * * * *");
        bothAccept(Examples.tree("hourly-match-order-schedule.yaml"));
    }

    @Test
    void defaultsAreThoseOfAnAlertingRule() throws Exception {
        JsonNode minimal =
                apply(
                        Examples.tree(EXAMPLE),
                        List.of(
                                "-/spec/trigger/prometheus/for",
                                "-/spec/trigger/prometheus/interval",
                                "-/spec/trigger/prometheus/cooldown"));
        TraceSchedule s = Manifests.readTraceSchedule(Crds.YAML.writeValueAsString(minimal));
        PrometheusTrigger p = s.getSpec().getTrigger().getPrometheus();
        assertThat(p.getFor()).isEqualTo("0s");
        assertThat(p.getInterval()).isEqualTo("30s");
        assertThat(p.getCooldown()).isEqualTo("1h");
        List<Violation> none = SpecValidator.validate(s.getSpec());
        assertThat(none).isEmpty();
    }
}
