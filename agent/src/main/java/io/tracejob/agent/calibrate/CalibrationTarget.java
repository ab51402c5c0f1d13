package io.tracejob.agent.calibrate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The bundled calibration target ({@code samples/calibrate.c}), compiled with the node's gcc and
 * running, waiting for commands on stdin. It times its own loops, so the figures include every trap
 * the probes add.
 */
public final class CalibrationTarget implements AutoCloseable {
    static final String SOURCE = "/samples/calibrate.c";

    private final Path dir;
    private final Path binary;
    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;

    private CalibrationTarget(Path dir, Path binary, Process process) {
        this.dir = dir;
        this.binary = binary;
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the target in a fresh temporary directory: the static binary built with the jar when
     * it has one for this architecture (an agent image has no gcc), else the bundled source
     * compiled with the node's gcc.
     */
    public static CalibrationTarget start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tracejob-calibrate-");
        try {
            Path bin = dir.resolve("calibrate");
            if (!extractPrebuilt(bin)) {
                Path src = dir.resolve("calibrate.c");
                try (InputStream res = CalibrationTarget.class.getResourceAsStream(SOURCE)) {
                    if (res == null) throw new IOException("bundled resource missing: " + SOURCE);
                    Files.write(src, res.readAllBytes());
                }
                compile(src, bin);
            }
            Process p =
                    new ProcessBuilder(bin.toString())
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            CalibrationTarget t = new CalibrationTarget(dir, bin, p);
            String ready = t.out.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                t.close();
                throw new IOException("calibration target did not start (said: " + ready + ")");
            }
            return t;
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * the static binary the build made from {@link #SOURCE}, named by the architecture it was built
     * on
     */
    static final String PREBUILT = "/samples/calibrate-" + System.getProperty("os.arch");

    private static boolean extractPrebuilt(Path bin) throws IOException {
        try (InputStream res = CalibrationTarget.class.getResourceAsStream(PREBUILT)) {
            if (res == null) return false;
            Files.write(bin, res.readAllBytes());
        }
        if (!bin.toFile().setExecutable(true, true))
            throw new IOException("cannot make " + bin + " executable");
        return true;
    }

    private static void compile(Path src, Path bin) throws IOException, InterruptedException {
        Process p;
        try {
            p =
                    new ProcessBuilder("gcc", "-O2", "-g", "-o", bin.toString(), src.toString())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            throw new IOException(
                    "calibrate needs gcc to build its bundled calibration target, and gcc could not be run ("
                            + e.getMessage()
                            + "); install gcc (and systemtap-sdt-dev for sys/sdt.h) on this node",
                    e);
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(
                    "gcc did not finish compiling the calibration target within 120 s");
        }
        if (p.exitValue() != 0) {
            String hint =
                    log.contains("sys/sdt.h")
                            ? " (sys/sdt.h is missing: install systemtap-sdt-dev)"
                            : "";
            throw new IOException(
                    "gcc could not compile the calibration target" + hint + ": " + log.trim());
        }
    }

    public Path binary() {
        return binary;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Mean cost of one call as the target timed its loop.
     *
     * @param cpuNanos the target thread's CPU time (user + kernel) per call: traps and BPF programs
     *     run on it, while time other processes take from it does not count — the figure
     *     calibration uses
     * @param wallNanos wall-clock time per call, for reference (inflated when the node is busy)
     */
    public record Timing(double cpuNanos, double wallNanos) {}

    /**
     * Makes {@code calls} calls of one target function and returns the target's own timing of them.
     *
     * @param function the protocol name: emulated, single_step, endbr, usdt or getppid
     */
    public Timing run(String function, long calls) throws IOException {
        String[] f = ask("run " + function + " " + calls, 5, "done", function);
        return new Timing(Double.parseDouble(f[3]), Double.parseDouble(f[4]));
    }

    /**
     * Sends {@code command} and returns the fields of its answer, which must be {@code fields} long
     * and start with {@code head}; any other answer (an error line, the target gone) is an
     * IOException naming the command.
     */
    private String[] ask(String command, int fields, String... head) throws IOException {
        in.println(command);
        String answer = out.readLine();
        if (answer == null) throw new IOException("calibration target exited at '" + command + "'");
        String[] f = answer.split(" ");
        boolean expected = f.length == fields;
        for (int i = 0; expected && i < head.length; i++) expected = f[i].equals(head[i]);
        if (!expected)
            throw new IOException(
                    "calibration target: unexpected answer to '" + command + "': " + answer);
        return f;
    }

    /**
     * Moves the target onto CPU {@code cpu} for the runs that follow.
     *
     * @return null when it now runs there, else why it may not (the CPU is offline or outside the
     *     agent's cpuset)
     */
    public String pin(int cpu) throws IOException {
        in.println("cpu " + cpu);
        String answer = out.readLine();
        if (answer == null) throw new IOException("calibration target exited while moving CPUs");
        if (answer.equals("cpu " + cpu)) return null;
        if (answer.startsWith("error ")) return answer.substring("error ".length());
        throw new IOException(
                "calibration target: unexpected answer to 'cpu " + cpu + "': " + answer);
    }

    /**
     * Makes {@code calls} calls of one target function {@code gapNanos} apart, the target spinning
     * between them, and returns the mean wall time of one call (each timed alone, calls over 100 µs
     * left out as preempted).
     */
    public double pace(String function, long calls, long gapNanos) throws IOException {
        String[] f = ask("pace " + function + " " + calls + " " + gapNanos, 5, "paced", function);
        if (Long.parseLong(f[4]) == 0)
            throw new IOException("every paced call of " + function + " was preempted");
        return Double.parseDouble(f[3]);
    }

    /**
     * Makes {@code pairs} pairs of calls, {@code a} then {@code b}, each call {@code gapNanos}
     * after the one before (the target spinning between them), and returns the mean of the middle
     * 60 % of the pairs' differences in wall time ({@code a}'s less {@code b}'s; a pair with a call
     * over 100 µs left out as preempted).
     */
    public double pairs(String a, String b, long pairs, long gapNanos) throws IOException {
        String[] f = ask("pairs " + a + " " + b + " " + pairs + " " + gapNanos, 6, "pairs", a, b);
        if (Long.parseLong(f[5]) == 0)
            throw new IOException("every pair of " + a + " and " + b + " was preempted");
        return Double.parseDouble(f[4]);
    }

    /** {@code runs} runs of {@link #run}; the one with the median CPU time per call. */
    public Timing medianRun(String function, long calls, int runs) throws IOException {
        List<Timing> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) all.add(run(function, calls));
        all.sort(Comparator.comparingDouble(Timing::cpuNanos));
        return all.get(runs / 2);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.println("exit");
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } finally {
            in.close();
            try {
                out.close();
            } catch (IOException ignored) {
                // the pipe is gone with the process
            }
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
