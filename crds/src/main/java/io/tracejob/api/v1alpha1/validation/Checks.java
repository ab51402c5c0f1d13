package io.tracejob.api.v1alpha1.validation;

import io.tracejob.api.v1alpha1.KubeDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The checks every validator applies: a rule that holds, a string's pattern and length, a duration,
 * a range.
 */
final class Checks {
    private Checks() {}

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    static void rule(List<Violation> out, String field, boolean holds, String message) {
        if (!holds) out.add(Violation.of(field, message, null));
    }

    static void atLeast(
            List<Violation> out, String field, String value, String min, String message) {
        Duration d = duration(out, field, value);
        if (d != null && d.compareTo(KubeDuration.parse(field, min)) < 0) {
            out.add(Violation.of(field, message, value));
        }
    }

    /** The parsed duration, or null after recording why it is not one. */
    static Duration duration(List<Violation> out, String field, String value) {
        if (!matches(out, field, value, Rules.DURATION, Rules.DURATION_MAX, Rules.DURATION_RULE))
            return null;
        try {
            return KubeDuration.parse(field, value);
        } catch (IllegalArgumentException e) {
            out.add(Violation.of(field, "is too long a duration", value));
            return null;
        }
    }

    static void range(List<Violation> out, String field, long value, long min, long max) {
        if (value < min || value > max) {
            out.add(Violation.of(field, "must be between " + min + " and " + max, value));
        }
    }

    static void requiredString(
            List<Violation> out,
            String field,
            String value,
            String regex,
            int maxLength,
            String rule) {
        if (value == null) {
            out.add(Violation.of(field, "is required", null));
        } else {
            matches(out, field, value, regex, maxLength, rule);
        }
    }

    static void optionalString(
            List<Violation> out,
            String field,
            String value,
            String regex,
            int maxLength,
            String rule) {
        if (value != null) matches(out, field, value, regex, maxLength, rule);
    }

    static boolean matches(
            List<Violation> out,
            String field,
            String value,
            String regex,
            int maxLength,
            String rule) {
        // Length first: the schema's maxLength, and it keeps the regex away from megabyte inputs.
        if (value.length() > maxLength) {
            out.add(Violation.of(field, "must be at most " + maxLength + " characters", value));
            return false;
        }
        if (!PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(value).matches()) {
            out.add(Violation.of(field, rule, value));
            return false;
        }
        return true;
    }
}
