package io.tracejob.api.v1alpha1;

import io.tracejob.api.v1alpha1.validation.Rules;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes duration strings ({@code 10s}, {@code 1m30s}, {@code 500ms}, {@code 1.5h}) as the API
 * server's CEL {@code duration()} reads them: a sequence of decimal numbers, each with a unit ns,
 * us, ms, s, m or h.
 */
public final class KubeDuration {
    private KubeDuration() {}

    private static final Pattern WHOLE = Pattern.compile(Rules.DURATION);
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * Parses {@code value}; {@code field} (e.g. {@code spec.duration}) names the input in the
     * error.
     *
     * @throws IllegalArgumentException naming the field and the rule when the text is not a
     *     duration
     */
    public static Duration parse(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": is empty; it " + Rules.DURATION_RULE);
        }
        if (value.length() > Rules.DURATION_MAX || !WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + ": " + quote(value) + " is not a duration; it " + Rules.DURATION_RULE);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            nanos =
                    nanos.add(
                            new BigDecimal(m.group(1))
                                    .multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
        }
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException(
                    field
                            + ": "
                            + quote(value)
                            + " is too long a duration (at most about 292 years)");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    /** The shortest Kubernetes duration string for {@code d} ({@code 1m30s}, {@code 500ms}). */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        long[] sizes = {
            3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
        };
        String[] units = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < sizes.length; i++) {
            long n = nanos / sizes[i];
            if (n > 0) {
                sb.append(n).append(units[i]);
                nanos -= n * sizes[i];
            }
        }
        return sb.toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    private static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        StringBuilder sb = new StringBuilder("'");
        for (char c : shown.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) sb.append(c);
            else sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.append('\'').toString();
    }
}
