package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.Examples;
import io.tracejob.api.v1alpha1.testsupport.SchemaChecker;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.api.v1alpha1.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One corpus of cron expressions through the CRD's schema (the API server's first check) and the
 * validator (cron-utils, which the scheduler uses). The schema's regex only checks the shape, so
 * the cases it lets through and cron-utils refuses are listed here, each refused by the operator
 * with a condition naming {@code spec.schedule}.
 */
class CronCorpusTest {
    private static final List<String> VALID =
            List.of(
                    "@hourly",
                    "@daily",
                    "@midnight",
                    "@weekly",
                    "@monthly",
                    "@yearly",
                    "@annually",
                    "*/15 * * * *",
                    "0 9 * JAN-MAR MON-FRI",
                    "0 0 1,15 * *",
                    "1-5/2 * * * *",
                    "0 0 * * 7",
                    "0 0 * * sun",
                    "30 8 29 2 *");

    /** Refused by the schema's regex and by cron-utils alike. */
    private static final List<String> INVALID_BOTH =
            List.of(
                    "* * * *",
                    "* * * * * *",
                    "TZ=UTC 0 * * * *",
                    "0 * * * *; id",
                    "@reboot",
                    "@every 5m",
                    "",
                    "0  * * * *");

    /**
     * The regex's blind spots: shaped like five fields, but out of range, reversed, a Quartz-only
     * symbol, or a date that never comes. cron-utils (and so the validator) refuses each.
     */
    private static final List<String> INVALID_CRON_UTILS_ONLY =
            List.of(
                    "60 * * * *",
                    "* 24 * * *",
                    "0 0 32 * *",
                    "0 0 * 13 *",
                    "0 0 * * 8",
                    "*/0 * * * *",
                    "5-1 * * * *",
                    "0 0 L * *",
                    "0 0 15W * *",
                    "0 0 ? * *",
                    "a * * * *",
                    "H * * * *",
                    "0 0 30 2 *",
                    "1- * * * *");

    @Test
    void validExpressionsPassBoth() {
        for (String cron : VALID) {
            assertThat(schemaErrors(cron)).as(cron).isEmpty();
            assertThat(validatorFields(cron)).as(cron).doesNotContain("spec.schedule");
        }
    }

    @Test
    void invalidExpressionsAreRefusedByBoth() {
        for (String cron : INVALID_BOTH) {
            assertThat(schemaErrors(cron)).as(cron).anyMatch(e -> e.startsWith("spec.schedule: "));
            assertThat(validatorFields(cron)).as(cron).contains("spec.schedule");
        }
    }

    @Test
    void theRegexLetsThroughWhatCronUtilsRefuses() {
        for (String cron : INVALID_CRON_UTILS_ONLY) {
            assertThat(schemaErrors(cron)).as("the regex lets through " + cron).isEmpty();
            assertThat(validatorFields(cron)).as(cron).contains("spec.schedule");
        }
    }

    @Test
    void anUnknownTimeZoneIsRefusedByTheValidator() {
        ObjectNode manifest = (ObjectNode) Examples.tree("hourly-match-order-schedule.yaml");
        ((ObjectNode) manifest.get("spec")).put("timeZone", "Mars/Olympus_Mons");
        assertThat(SchemaChecker.check(Crds.traceScheduleSchema(), manifest)).isEmpty();
        assertThat(validate(manifest))
                .anySatisfy(
                        v -> {
                            assertThat(v.field()).isEqualTo("spec.timeZone");
                            assertThat(v.rule()).contains("IANA");
                        });
    }

    private static JsonNode withSchedule(String cron) {
        ObjectNode manifest = (ObjectNode) Examples.tree("hourly-match-order-schedule.yaml");
        ((ObjectNode) manifest.get("spec")).put("schedule", cron);
        return manifest;
    }

    private static List<String> schemaErrors(String cron) {
        return SchemaChecker.check(Crds.traceScheduleSchema(), withSchedule(cron));
    }

    private static List<String> validatorFields(String cron) {
        return validate(withSchedule(cron)).stream().map(Violation::field).toList();
    }

    private static List<Violation> validate(JsonNode manifest) {
        try {
            TraceSchedule schedule =
                    Manifests.readTraceSchedule(Crds.YAML.writeValueAsString(manifest));
            return SpecValidator.validate(schedule.getSpec());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
