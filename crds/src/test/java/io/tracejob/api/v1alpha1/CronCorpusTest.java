package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracejob.api.v1alpha1.testsupport.Crds;
import io.tracejob.api.v1alpha1.testsupport.Examples;
import io.tracejob.api.v1alpha1.testsupport.SchemaChecker;
import io.tracejob.api.v1alpha1.validation.CronSchemaRules;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.api.v1alpha1.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One corpus of cron expressions through the CRD's schema (the API server's checks: the pattern and
 * the CEL rules, evaluated by cel-java) and the validator (cron-utils, which the scheduler uses):
 * both accept the same expressions and refuse the same ones. The corpus has cron-utils' edges:
 * leading zeros, names in any case, SUN as 7, steps up to the field's maximum, reversed ranges,
 * days that never come and the day of the week as an alternative to the day of the month.
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
                    "30 8 29 2 *",
                    "5-5 * * * *",
                    "*/59 * * * *",
                    "59/1 * * * *",
                    "08 * * * *",
                    "0059 * * * *",
                    "*/5,10 * * * *",
                    "* 0-23 * * *",
                    "* */23 * * *",
                    "0 0 1-31 * *",
                    "0 0 1/31 * *",
                    "0 0 31/1 * *",
                    "* * */31 * *",
                    "* * * */12 *",
                    "* * * * */7",
                    "0 0 * * 0-7",
                    "0 0 * * MON-SUN",
                    "0 0 * * sat-sun",
                    "0 0 * * 7/1",
                    "0 0 * * MON-FRI/2",
                    "0 0 * * 1-FRI",
                    "0 0 * JAN-DEC/2 *",
                    "0 0 * jan,Mar *",
                    "0 0 * JAN-1 *",
                    "0 0 31 2,5 *",
                    "0 0 31 2-4 *",
                    "0 0 31 FEB-APR *",
                    "0 0 31 1/3 *",
                    "0 0 31 */2 *",
                    "0 0 */30 2 *",
                    // the day of the week is an alternative: Mondays in February
                    "0 0 30 2 1",
                    "0 0 30 2 0-7",
                    "0 0 30 2 MON/2");

    /** Refused by the pattern (and by cron-utils). */
    private static final List<String> INVALID_SHAPE =
            List.of(
                    "* * * *",
                    "* * * * * *",
                    "TZ=UTC 0 * * * *",
                    "0 * * * *; id",
                    "@reboot",
                    "@every 5m",
                    "",
                    "0  * * * *",
                    "60 * * * *",
                    "0060 * * * *",
                    "* 24 * * *",
                    "0 0 32 * *",
                    "0 0 0 * *",
                    "0 0 * 13 *",
                    "0 0 * 0 *",
                    "0 0 * * 8",
                    "*/0 * * * *",
                    "*/00 * * * *",
                    "*/60 * * * *",
                    "* */24 * * *",
                    "* * */32 * *",
                    "0 0 31/40 * *",
                    "* * * */13 *",
                    "0 0 30 2/24 *",
                    "* * * * */8",
                    "0 0 * * 0-6/0",
                    "0 0 L * *",
                    "0 0 15W * *",
                    "0 0 ? * *",
                    "0 0 * * 5L",
                    "0 0 * * 1#2",
                    "a * * * *",
                    "H * * * *",
                    "0 0 JAN * *",
                    "0 0 * * MONDAY",
                    "1- * * * *",
                    "-1 * * * *",
                    "1,,2 * * * *",
                    ",1 * * * *",
                    "1-2-3 * * * *",
                    "1/2/3 * * * *",
                    "*/1-2 * * * *");

    /** Shaped right, refused by the CEL rule that a range runs upwards (and by cron-utils). */
    private static final List<String> INVALID_REVERSED =
            List.of(
                    "5-1 * * * *",
                    "* 23-0 * * *",
                    "0 0 * * 6-0",
                    "0 0 * * SUN-SAT",
                    "0 0 * jun-may *",
                    "0 0 1 12-1 *");

    /** Shaped right, refused by the CEL rule that the day exists (and by cron-utils). */
    private static final List<String> INVALID_NO_SUCH_DAY =
            List.of(
                    "0 0 30 2 *",
                    "0 0 30 02 *",
                    "0 0 30 FEB *",
                    "0 0 31 4 *",
                    "0 0 31 2,4 *",
                    "0 0 31 4,6,9,11 *",
                    "0 0 30,31 2 *",
                    "0 0 30-31 2 *",
                    "0 0 30/1 2 *",
                    "0 0 31 4/5 *",
                    "0 0 31 2/12 *",
                    "0 0 31 4-5/2 *",
                    "0 0 30 2 */1");

    @Test
    void validExpressionsPassBoth() {
        for (String cron : VALID) {
            assertThat(schemaErrors(cron)).as(cron).isEmpty();
            assertThat(validatorFields(cron)).as(cron).doesNotContain("spec.schedule");
        }
    }

    @Test
    void misshapenExpressionsAreRefusedByThePatternAndCronUtils() {
        for (String cron : INVALID_SHAPE) {
            assertThat(schemaErrors(cron))
                    .as(cron)
                    .anyMatch(e -> e.startsWith("spec.schedule: must match"));
            assertThat(validatorFields(cron)).as(cron).contains("spec.schedule");
        }
    }

    @Test
    void reversedRangesAreRefusedByTheCelRuleAndCronUtils() {
        for (String cron : INVALID_REVERSED) {
            assertThat(schemaErrors(cron))
                    .as(cron)
                    .containsExactly("spec.schedule: " + CronSchemaRules.RANGES_ASCEND_MSG);
            assertThat(validatorFields(cron)).as(cron).contains("spec.schedule");
        }
    }

    @Test
    void daysThatNeverComeAreRefusedByTheCelRuleAndCronUtils() {
        for (String cron : INVALID_NO_SUCH_DAY) {
            assertThat(schemaErrors(cron))
                    .as(cron)
                    .containsExactly("spec.schedule: " + CronSchemaRules.DAY_EXISTS_MSG);
            assertThat(validatorFields(cron)).as(cron).contains("spec.schedule");
        }
    }

    @Test
    void theCrdCarriesBothRulesOnTheScheduleField() {
        assertThat(
                        Crds.traceScheduleSchema()
                                .at("/properties/spec/properties/schedule/x-kubernetes-validations")
                                .findValuesAsText("rule"))
                .containsExactlyInAnyOrder(
                        CronSchemaRules.RANGES_ASCEND, CronSchemaRules.DAY_EXISTS);
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
