package io.tracejob.agent.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test-only: a running kernel_calls process, held at its "ready" line until {@link #go()}. */
final class Target implements AutoCloseable {
    final Process process;
    final int pid;
    private final BufferedReader out;

    Target(Path binary, long calls) throws IOException {
        process =
                new ProcessBuilder(binary.toString(), Long.toString(calls))
                        .redirectErrorStream(true)
                        .start();
        out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready "))
            throw new IOException("target did not start: " + ready);
        pid = Integer.parseInt(ready.substring(6).trim());
    }

    /** Releases the target to make its calls. */
    void go() throws IOException {
        process.getOutputStream().write('g');
        process.getOutputStream().flush();
    }

    /**
     * Blocks until the target printed "done" and exited 0; returns how often it saw its USDT
     * semaphore raised.
     */
    long awaitDone() throws IOException, InterruptedException {
        String line = out.readLine();
        if (line == null || !line.startsWith("done"))
            throw new IOException("target did not finish: " + line);
        if (!process.waitFor(30, TimeUnit.SECONDS))
            throw new IOException("target " + pid + " did not exit");
        if (process.exitValue() != 0)
            throw new IOException("target " + pid + " exited " + process.exitValue());
        String[] f = line.split(" ");
        return Long.parseLong(f[2]);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
