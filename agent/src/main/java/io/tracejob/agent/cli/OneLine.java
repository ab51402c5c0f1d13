package io.tracejob.agent.cli;

/**
 * An error message as one printable line: a hostile value quoted in it must not break or forge log
 * lines.
 */
final class OneLine {
    private OneLine() {}

    static String of(Throwable t) {
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        StringBuilder b = new StringBuilder(msg.length());
        msg.codePoints()
                .forEach(
                        c -> {
                            if (c == '\n' || c == '\r' || c == '\t') b.append(' ');
                            else if (Character.isISOControl(c)
                                    || Character.getType(c) == Character.FORMAT)
                                b.append(String.format("\\u%04x", c));
                            else b.appendCodePoint(c);
                        });
        return b.toString();
    }
}
