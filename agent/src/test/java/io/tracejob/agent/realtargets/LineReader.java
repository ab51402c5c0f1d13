package io.tracejob.agent.realtargets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Collects a child process's output lines on a daemon thread, so a test can wait for protocol
 * lines.
 */
final class LineReader {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    LineReader(InputStream in, String name) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                String l;
                                while ((l = r.readLine()) != null) {
                                    synchronized (seen) {
                                        seen.append(l).append('\n');
                                    }
                                    lines.add(l);
                                }
                            } catch (IOException ignored) {
                                // the process is gone; whatever it printed is in the queue
                            }
                        },
                        name);
        t.setDaemon(true);
        t.start();
    }

    /** The next line matching {@code wanted} within {@code seconds}; earlier lines are consumed. */
    String next(Predicate<String> wanted, String what, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String l = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (l == null)
                throw new AssertionError(
                        "no line " + what + " within " + seconds + " s; output so far:\n" + all());
            if (wanted.test(l)) return l;
        }
    }

    String all() {
        synchronized (seen) {
            return seen.toString();
        }
    }
}
