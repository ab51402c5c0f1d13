package io.tracejob.agent.testsupport;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Tees {@code System.out} while open, so an in-process test can wait for what a command prints,
 * e.g. the agent's "Tracing …" line, which comes only once every probe is attached. The first code
 * change in the target is not that signal: it appears with the first of the entry/return pair.
 */
public final class StdoutWatch implements AutoCloseable {
    private final PrintStream original = System.out;
    private final StringBuffer seen = new StringBuffer();

    public StdoutWatch() {
        OutputStream tee =
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        original.write(b);
                        seen.append((char) b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        original.write(b, off, len);
                        seen.append(new String(b, off, len, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void flush() {
                        original.flush();
                    }
                };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public boolean printed(String text) {
        return seen.indexOf(text) >= 0;
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }
}
