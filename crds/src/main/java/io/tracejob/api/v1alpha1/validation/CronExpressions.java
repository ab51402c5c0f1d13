package io.tracejob.api.v1alpha1.validation;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * A TraceSchedule's {@code schedule} parsed by cron-utils with its UNIX definition (five fields,
 * like Kubernetes CronJob), and its {@code timeZone} by the JDK's IANA database. The CRD's regex
 * ({@link Rules#CRON}) is only a coarse pre-check; this is the answer the validator and the
 * operator's scheduler share.
 */
public final class CronExpressions {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /**
     * The macros Kubernetes CronJob accepts; cron-utils' UNIX definition has none, so each is
     * spelled out.
     */
    private static final Map<String, String> MACROS =
            Map.of(
                    "@yearly", "0 0 1 1 *",
                    "@annually", "0 0 1 1 *",
                    "@monthly", "0 0 1 * *",
                    "@weekly", "0 0 * * 0",
                    "@daily", "0 0 * * *",
                    "@midnight", "0 0 * * *",
                    "@hourly", "0 * * * *");

    /** A fixed start (before a leap day) from which a schedule must name at least one time. */
    private static final ZonedDateTime NEVER_PROBE =
            ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private CronExpressions() {}

    /** The parsed schedule; throws {@link IllegalArgumentException} saying what is wrong. */
    public static ExecutionTime parse(String schedule) {
        String fields = MACROS.getOrDefault(schedule, schedule);
        Cron cron;
        try {
            cron = PARSER.parse(fields).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cleanMessage(e.getMessage()), e);
        }
        ExecutionTime times = ExecutionTime.forCron(cron);
        if (times.nextExecution(NEVER_PROBE).isEmpty()) {
            throw new IllegalArgumentException("names no time that exists (e.g. 30 February)");
        }
        return times;
    }

    /** Why {@code schedule} is not a cron expression, or empty when it is one. */
    public static Optional<String> problem(String schedule) {
        try {
            parse(schedule);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Why {@code zone} is not a time zone the JDK knows, or empty when it is one. */
    public static Optional<String> zoneProblem(String zone) {
        try {
            ZoneId.of(zone);
            return Optional.empty();
        } catch (DateTimeException e) {
            return Optional.of("is not a time zone of the IANA database: " + e.getMessage());
        }
    }

    private static String cleanMessage(String message) {
        String m = message == null ? "cannot be parsed" : message;
        return m.replace("Failed to parse cron expression. ", "");
    }
}
