package io.tracejob.agent.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test target driven line by line over stdin/stdout. */
public final class TargetProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private TargetProcess(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        this.reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String l;
                                while ((l = r.readLine()) != null) lines.add(l);
                            } catch (IOException ignored) {
                                // process gone
                            }
                        },
                        "target-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    public static TargetProcess start(Path binary, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    /** Any command whose stdin/stdout reach the target, e.g. {@code podman run -i … /busy}. */
    public static TargetProcess start(List<String> command) throws IOException {
        return new TargetProcess(
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    public int pid() {
        return (int) process.pid();
    }

    public void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits (up to 60 s) for the next line starting with {@code prefix}; returns the line. */
    public String expect(String prefix) throws InterruptedException {
        return expect(prefix, 60);
    }

    /**
     * Waits up to {@code seconds} for the next line starting with {@code prefix}; returns the line.
     */
    public String expect(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            // the reader has seen end of file and every line is taken: waiting longer cannot help
            boolean ended = !reader.isAlive();
            String l =
                    lines.poll(
                            Math.min(
                                    TimeUnit.MILLISECONDS.toNanos(200),
                                    Math.max(1, deadline - System.nanoTime())),
                            TimeUnit.NANOSECONDS);
            if (l != null) {
                if (l.startsWith(prefix)) return l;
                continue;
            }
            if (ended)
                throw new AssertionError(
                        "target closed its output without a line starting with '" + prefix + "'");
            if (System.nanoTime() >= deadline)
                throw new AssertionError(
                        "target did not print a line starting with '"
                                + prefix
                                + "' within "
                                + seconds
                                + " s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
