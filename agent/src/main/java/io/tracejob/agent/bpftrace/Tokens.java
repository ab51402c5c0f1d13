package io.tracejob.agent.bpftrace;

import java.util.regex.Pattern;

/**
 * The only strings that may enter a bpftrace program, re-checked here with allow-lists far narrower
 * than the spec's validation (which admits Go and C++ symbol punctuation the bpftrace grammar would
 * mis-parse). A token that fails is refused, never escaped or trimmed.
 */
final class Tokens {
    /**
     * Kernel (and plain C / mangled C++) symbols, including compiler suffixes such as {@code
     * .isra.0}.
     */
    static final Pattern SYMBOL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** Absolute path of plain segments; "." and ".." segments are refused separately. */
    static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_.+-]+)+");

    static final int MAX_SYMBOL = 256, MAX_PATH = 1024;

    private Tokens() {}

    static String symbol(String field, String s) {
        if (s == null)
            throw new IllegalArgumentException(field + ": missing (a function name is required)");
        if (s.length() > MAX_SYMBOL || !SYMBOL.matcher(s).matches() || s.contains("..")) {
            throw new IllegalArgumentException(
                    field
                            + ": '"
                            + shown(s)
                            + "' cannot be used in a bpftrace program: it must match "
                            + SYMBOL.pattern()
                            + " without '..' and be at most "
                            + MAX_SYMBOL
                            + " characters");
        }
        return s;
    }

    static String path(String field, String s) {
        if (s == null)
            throw new IllegalArgumentException(
                    field + ": missing (an absolute binary path is required)");
        boolean ok = s.length() <= MAX_PATH && PATH.matcher(s).matches();
        if (ok) {
            for (String seg : s.substring(1).split("/")) {
                if (seg.equals(".") || seg.equals("..")) ok = false;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    field
                            + ": '"
                            + shown(s)
                            + "' cannot be used in a bpftrace program: it must be an absolute path"
                            + " matching "
                            + PATH.pattern()
                            + " without '.' or '..' segments, at most "
                            + MAX_PATH
                            + " characters");
        }
        return s;
    }

    /** A value safe to echo in one line of an error message. */
    static String shown(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray())
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        return b.toString();
    }
}
