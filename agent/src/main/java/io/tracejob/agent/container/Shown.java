package io.tracejob.agent.container;

/** Quotes untrusted input in messages: bounded length, control characters made visible. */
final class Shown {
    private Shown() {}

    static String of(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + " chars)" : s;
        StringBuilder b = new StringBuilder(cut.length());
        for (char c : cut.toCharArray()) {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
