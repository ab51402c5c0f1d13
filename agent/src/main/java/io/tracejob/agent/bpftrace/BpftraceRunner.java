package io.tracejob.agent.bpftrace;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.histogram.HistogramRebuilder;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.api.v1alpha1.InFlight;
import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link BpftraceProgram} with {@code bpftrace -f json -e PROGRAM} (an argument list,
 * never a shell) and turns the maps bpftrace prints at exit into the same {@link Result} the native
 * engine produces.
 *
 * <p>It ends when the program's own {@code interval} exits ({@link StopReason#Completed}), when the
 * {@link StopSignal} fires — the agent's SIGTERM/SIGINT ({@link StopReason#Signalled}) — or when
 * the traced process is gone ({@link StopReason#TargetExited}). In the last two cases bpftrace gets
 * SIGTERM, on which it prints its maps and exits, so the partial result is kept. A JVM shutdown
 * hook kills bpftrace if the agent dies without going through here.
 */
public final class BpftraceRunner {
    /** How long bpftrace may take to print its maps after SIGTERM before it is killed. */
    private static final long EXIT_GRACE_SECONDS = 20;

    /**
     * How long after its attached_probes line bpftrace is assumed attached if {@link AttachWatch}
     * cannot tell.
     */
    private static final long ATTACH_GRACE_SECONDS = 15;

    private final BpftraceProgram program;
    private final StopSignal stop;
    private Path bpftrace = Path.of("bpftrace");
    private Runnable onAttached = () -> {};
    private Consumer<String> log = s -> {};
    private double budgetCpuPercent;

    public BpftraceRunner(BpftraceProgram program, StopSignal stop) {
        this.program = program;
        this.stop = stop;
    }

    /**
     * Which bpftrace to run (default: the one on PATH, e.g. {@link
     * BpftraceCapabilities#bpftrace()}).
     */
    public BpftraceRunner executable(Path path) {
        this.bpftrace = path;
        return this;
    }

    /** Called once bpftrace reports its probes attached. */
    public BpftraceRunner onAttached(Runnable r) {
        this.onAttached = r;
        return this;
    }

    /** Progress lines for the agent's log. */
    public BpftraceRunner log(Consumer<String> log) {
        this.log = log;
        return this;
    }

    /**
     * Reported in the Result; the bpftrace path measures no BPF run time, so it cannot enforce it.
     */
    public BpftraceRunner budgetCpuPercent(double percent) {
        this.budgetCpuPercent = percent;
        return this;
    }

    /**
     * Runs to the end and returns the Result.
     *
     * @throws BpftraceException when bpftrace fails before attaching (its error in one line)
     */
    public Result run() throws BpftraceException, InterruptedException {
        List<String> cmd = List.of(bpftrace.toString(), "-f", "json", "-e", program.text());
        Process p;
        try {
            p =
                    new ProcessBuilder(cmd)
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .start();
        } catch (IOException e) {
            throw new BpftraceException("cannot start " + bpftrace + ": " + e.getMessage());
        }
        Thread killer = new Thread(p::destroyForcibly, "bpftrace-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killer);
        BpftraceOutput out = new BpftraceOutput(program.layout());
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        long attachedAt = 0, announcedAt = 0;
        Thread outReader = reader(p.getInputStream(), "bpftrace-stdout", out::accept);
        Thread errReader =
                reader(
                        p.getErrorStream(),
                        "bpftrace-stderr",
                        l -> {
                            if (stderr.size() < 500) stderr.add(l);
                        });

        StopReason reason = null;
        String message = null;
        Optional<ProcessHandle> target =
                program.pid().isPresent()
                        ? ProcessHandle.of(program.pid().getAsInt())
                        : Optional.empty();
        try {
            while (p.isAlive()) {
                if (attachedAt == 0 && out.attachedProbes() >= 0 && announcedAt == 0)
                    announcedAt = System.nanoTime();
                boolean inLoop = announcedAt != 0 && AttachWatch.inEventLoop(p.pid());
                // a bpftrace that waits some other way than epoll: trust its announcement after a
                // grace period
                boolean late =
                        announcedAt != 0
                                && System.nanoTime() - announcedAt
                                        > TimeUnit.SECONDS.toNanos(ATTACH_GRACE_SECONDS);
                if (attachedAt == 0 && (inLoop || late)) {
                    if (!inLoop)
                        log.accept(
                                "bpftrace never blocked in epoll_wait; assuming its probes are attached "
                                        + ATTACH_GRACE_SECONDS
                                        + " s after it said so");
                    attachedAt = System.nanoTime();
                    log.accept(
                            "bpftrace attached "
                                    + out.attachedProbes()
                                    + " probes: "
                                    + program.attachPoint());
                    onAttached.run();
                }
                if (stop.await(TimeUnit.MILLISECONDS.toNanos(attachedAt == 0 ? 5 : 100))) {
                    reason = StopReason.Signalled;
                    message = "stopped by " + stop.name();
                    break;
                }
                if (program.pid().isPresent() && target.map(h -> !h.isAlive()).orElse(true)) {
                    reason = StopReason.TargetExited;
                    message = "process " + program.pid().getAsInt() + " exited";
                    break;
                }
            }
        } finally {
            if (p.isAlive()) {
                // SIGTERM, on which bpftrace prints its maps and exits. Not Process.destroy(): that
                // also closes
                // our end of bpftrace's stdout, losing the very output we stop it for.
                // bpftrace 0.17 looks at the flag its handler sets only when epoll_wait returns
                // EINTR: a SIGTERM that
                // lands while it is between two waits (often, on a loaded node) is lost and the
                // maps never printed.
                // Repeat it until bpftrace exits, within the same grace.
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_GRACE_SECONDS);
                do {
                    p.toHandle().destroy();
                } while (!p.waitFor(500, TimeUnit.MILLISECONDS) && System.nanoTime() < giveUp);
                if (p.isAlive()) p.destroyForcibly().waitFor();
            }
            outReader.join(TimeUnit.SECONDS.toMillis(10));
            errReader.join(TimeUnit.SECONDS.toMillis(10));
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; bpftrace is already gone
            }
        }
        long endedAt = System.nanoTime();
        int rc = p.exitValue();
        if (out.badIndex() != null) {
            throw new BpftraceException(
                    "bpftrace printed histogram index "
                            + out.badIndex()
                            + " outside "
                            + program.layout()
                            + ": program and layout disagree");
        }
        if (reason == null) {
            if (attachedAt == 0) { // it never reached its event loop: the load or an attach failed
                throw new BpftraceException(
                        "bpftrace failed (exit "
                                + rc
                                + ") for "
                                + program.attachPoint()
                                + ": "
                                + StderrSummary.oneLine(stderr, program.text()));
            }
            boolean clean = rc == 0 && out.mapsSeen();
            reason = clean ? StopReason.Completed : StopReason.Error;
            message =
                    clean
                            ? "duration reached"
                            : "bpftrace ended with exit "
                                    + rc
                                    + ": "
                                    + StderrSummary.oneLine(stderr, program.text());
        }
        long attachedNanos = attachedAt == 0 ? 0 : endedAt - attachedAt;
        return assemble(out, reason, message, attachedNanos);
    }

    private static Thread reader(InputStream in, String name, Consumer<String> sink) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                String l;
                                while ((l = r.readLine()) != null) sink.accept(l);
                            } catch (IOException ignored) {
                                // stream closed with the process
                            }
                        },
                        name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Result assemble(
            BpftraceOutput out, StopReason reason, String message, long attachedNanos) {
        HdrLayout layout = program.layout();
        Histogram h = HistogramRebuilder.rebuild(layout, out.counts());
        Result r = new Result().withDistribution(h, layout.significantDigits());
        r.setIntervals(new ArrayList<>());

        InFlight inFlight = new InFlight();
        inFlight.setCount(out.inFlight());
        // bpftrace's nsecs and System.nanoTime() are both CLOCK_MONOTONIC on Linux
        inFlight.setOldestNanos(
                out.oldestStart().isPresent()
                        ? Math.max(0, System.nanoTime() - out.oldestStart().getAsLong())
                        : 0);
        r.setInFlight(inFlight);

        Overhead o = new Overhead();
        long firings = 2 * h.getTotalCount() + out.inFlight(); // entry + return per finished call
        double seconds = attachedNanos / 1e9;
        o.setFirings(firings);
        o.setFiringsPerSecond(seconds > 0 ? firings / seconds : 0);
        o.setBpfNanosPerFiring(0); // bpftrace's programs are not ours to read stats from
        double perCall = BpftraceBias.nanosPerCall(program.family());
        o.setEstimatedCpuPercent(
                attachedNanos > 0 ? h.getTotalCount() * perCall / attachedNanos * 100.0 : 0);
        o.setBudgetCpuPercent(budgetCpuPercent);
        o.setDutyCycle(1.0);
        o.setAttachClass("bpftrace:" + program.family());
        r.setOverhead(o);

        List<String> w = new ArrayList<>();
        if (out.over() > 0) {
            w.add(
                    String.format(
                            Locale.ROOT,
                            "%d values exceeded the largest recordable value (%d) and were recorded in the last bucket",
                            out.over(),
                            layout.maxRepresentable()));
        }
        if (program.family() == io.tracejob.api.v1alpha1.ProbeFamily.Uprobe) {
            w.add(
                    "bpftrace places its uprobe in every process that maps the binary (its -p does not restrict uprobes); only process "
                            + program.pid().getAsInt()
                            + " was counted, but the others paid the trap while it ran");
        }
        w.add(
                "traced through bpftrace: the overhead budget is reported, not enforced; estimatedCpuPercent uses the measured per-call cost of this path");
        r.setWarnings(w);
        r.setStopReason(reason);
        r.setMessage(message);
        r.setProcessesTraced(program.pid().isPresent() ? 1 : 0);
        r.setAttachPoint(program.attachPoint());
        return r;
    }
}
