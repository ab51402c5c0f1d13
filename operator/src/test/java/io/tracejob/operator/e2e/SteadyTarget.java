package io.tracejob.operator.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real process the end-to-end test traces: {@code e2e/steady_work.c} compiled with the machine's gcc, driven
 * line by line over stdin/stdout, writing its own per-call truth to a file.
 */
final class SteadyTarget implements AutoCloseable {
    static final String SOURCE = "steady_work.c";
    static final String FUNCTION = "work";

    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private SteadyTarget(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) lines.add(l);
            } catch (IOException ignored) {
                // process gone
            }
        }, "steady-target-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Compiles the target without PIE, so {@code nm}'s address of {@link #FUNCTION} is its address in the process. */
    static Path compile(Path dir) throws IOException, InterruptedException {
        Path src = dir.resolve(SOURCE);
        try (InputStream s = SteadyTarget.class.getResourceAsStream("/e2e/" + SOURCE)) {
            if (s == null) throw new IOException("test resource e2e/" + SOURCE + " is missing");
            Files.write(src, s.readAllBytes());
        }
        Path bin = dir.resolve("steady-work");
        run(List.of("gcc", "-O1", "-g", "-no-pie", "-o", bin.toString(), src.toString()), "gcc");
        return bin;
    }

    static long symbolAddress(Path binary, String symbol) throws IOException, InterruptedException {
        String out = run(List.of("nm", "--defined-only", binary.toString()), "nm");
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(symbol)) return Long.parseUnsignedLong(f[0], 16);
        }
        throw new IOException("nm: no symbol " + symbol + " in " + binary);
    }

    static SteadyTarget start(Path binary, Path truthFile) throws IOException {
        return new SteadyTarget(new ProcessBuilder(binary.toString(), truthFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    int pid() {
        return (int) process.pid();
    }

    /** Makes {@code calls} calls to work() at {@code perSecond}; answered by "done" when they are over. */
    void run(int calls, int perSecond) throws IOException {
        send("run " + calls + " " + perSecond);
    }

    void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits up to {@code seconds} for the next line starting with {@code prefix}. */
    String expect(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) throw new AssertionError("target did not print a line starting with '" + prefix + "' within " + seconds + " s");
            if (l.startsWith(prefix)) return l;
        }
    }

    /**
     * The first code bytes at {@code address} as the process sees them now: a uprobe rewrites them (int3, or a
     * call to the uprobe trampoline), so a change means the agent has attached.
     */
    byte[] codeAt(long address, int n) throws IOException {
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid() + "/mem", "r")) {
            mem.seek(address);
            byte[] b = new byte[n];
            mem.readFully(b);
            return b;
        }
    }

    boolean codeDiffers(long address, byte[] original) throws IOException {
        return !Arrays.equals(codeAt(address, original.length), original);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    private static String run(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(what + " failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }
}
