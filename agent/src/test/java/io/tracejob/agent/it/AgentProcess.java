package io.tracejob.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged agent jar run as a separate JVM, the way a user runs it; output collected line by
 * line.
 */
final class AgentProcess implements AutoCloseable {
    final Process process;

    /** System.nanoTime() just before the JVM was spawned */
    final long spawnedAt;

    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final StringBuffer all = new StringBuffer();

    record Line(String text, long at) {}

    private AgentProcess(Process process, long spawnedAt) {
        this.process = process;
        this.spawnedAt = spawnedAt;
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String l;
                                while ((l = r.readLine()) != null) {
                                    all.append(l).append('\n');
                                    lines.add(new Line(l, System.nanoTime()));
                                }
                            } catch (IOException ignored) {
                                // the agent exited; its output is complete
                            }
                        },
                        "agent-output");
        t.setDaemon(true);
        t.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("tracejob.agent.jar", "target/tracejob-agent.jar"));
        if (!Files.isRegularFile(jar))
            throw new IllegalStateException(
                    "no agent jar at "
                            + jar.toAbsolutePath()
                            + ": run `mvn verify` (the IT runs after package)");
        return jar;
    }

    /** {@code java -jar tracejob-agent.jar ARGS}, stdout and stderr merged. */
    static AgentProcess start(String... args) throws IOException {
        return start(cmd -> cmd, args);
    }

    /**
     * The same, run by {@code wrapper} (a command that execs its arguments, e.g. into another
     * namespace).
     */
    static AgentProcess startUnder(List<String> wrapper, String... args) throws IOException {
        return start(
                cmd -> {
                    List<String> wrapped = new ArrayList<>(wrapper);
                    wrapped.addAll(cmd);
                    return wrapped;
                },
                args);
    }

    /**
     * As {@link #start(String...)}, the command line first passed through {@code wrap} (e.g. to
     * drop privileges).
     */
    static AgentProcess start(java.util.function.UnaryOperator<List<String>> wrap, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        // A job started in the background by a non-interactive shell inherits SIGINT ignored, and
        // the JVM
        // then cannot take it over; give the agent the dispositions an interactive user's process
        // has.
        cmd.addAll(List.of("env", "--default-signal=INT,TERM"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        long at = System.nanoTime();
        return new AgentProcess(
                new ProcessBuilder(wrap.apply(cmd)).redirectErrorStream(true).start(), at);
    }

    /** The first not-yet-consumed line matching {@code wanted}, with the time it arrived. */
    Line await(Predicate<String> wanted, String what, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            Line l = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (l == null)
                throw new AssertionError(
                        "the agent printed no line "
                                + what
                                + " within "
                                + seconds
                                + " s; output:\n"
                                + output());
            if (wanted.test(l.text())) return l;
        }
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
            throw new AssertionError(
                    "the agent did not exit within " + seconds + " s; output:\n" + output());
        return process.exitValue();
    }

    int pid() {
        return (int) process.pid();
    }

    String output() {
        return all.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
