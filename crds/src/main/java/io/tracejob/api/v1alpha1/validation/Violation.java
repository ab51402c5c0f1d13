package io.tracejob.api.v1alpha1.validation;

/**
 * One broken rule: the field (e.g. {@code spec.probe.function}), the rule as a sentence, and the
 * offending value made safe to print (truncated, control and non-ASCII characters escaped), or null
 * when absent.
 */
public record Violation(String field, String rule, String value) {

    static final int SHOWN_CHARS = 64;

    static Violation of(String field, String rule, Object rawValue) {
        return new Violation(
                field, rule, rawValue == null ? null : display(String.valueOf(rawValue)));
    }

    /** Truncates and escapes a value so that logs and error messages stay on one readable line. */
    public static String display(String raw) {
        StringBuilder sb = new StringBuilder();
        int limit = Math.min(raw.length(), SHOWN_CHARS);
        for (int i = 0; i < limit; i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c >= 0x20 && c < 0x7f) sb.append(c);
                    else sb.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        if (raw.length() > limit) sb.append("… (").append(raw.length()).append(" chars)");
        return sb.toString();
    }

    @Override
    public String toString() {
        return field + ": " + rule + (value == null ? "" : " (got \"" + value + "\")");
    }
}
