package io.tracejob.agent.calibrate;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.sys.NodeIdentity;
import io.tracejob.api.v1alpha1.Result;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what a probe firing costs on this node, per attach class: the bundled target times N
 * calls of each site untraced, then with the engine's own probes attached; the difference per
 * firing, less the BPF run time the kernel reports, is the trap's cost. Times are the target
 * thread's CPU time, so a busy node (other processes taking the CPU) does not inflate them; wall
 * time is kept for reference.
 */
public final class Calibrator {
    /**
     * timed runs per figure; the median is kept. Five, not three: one agent's quick measurement
     * prices every trace on the node for an hour, and once (2026-12-02) a median of three came out
     * 1,570 ns a firing where the node's 13 measurements after it gave 1,145–1,262 and the traced
     * target itself paid ≈ 1,200: the runs of one figure span ≈ 50 ms, so a burst of the node's
     * other work can lift two of three. Three of five is less likely; 0.1–0.2 s more, once an hour.
     */
    public static final int RUNS = 5;

    public static final long MIN_CALLS = 100;
    public static final long MAX_CALLS = 10_000_000;

    /**
     * calls before timing, so page faults and the kernel's first-hit setup (the XOL page) stay out
     */
    static final long WARM_UP = 1_000;

    /**
     * calls per timed run of the quick calibration an agent makes at start: ≈ 0.1–0.5 s per site
     * here
     */
    public static final long QUICK_CALLS = 5_000;

    private final long calls;
    private final PrintStream progress;
    private final List<CalibrationSite> sites;

    private Calibrator(long calls, PrintStream progress, List<CalibrationSite> sites) {
        this.calls = calls;
        this.progress = progress;
        this.sites = sites;
    }

    /**
     * @param calls calls per timed run (the target's loop length)
     * @param progress where to say what is being measured
     */
    public static Calibration calibrate(long calls, PrintStream progress)
            throws IOException, InterruptedException, UnsupportedProbeException {
        if (calls < MIN_CALLS || calls > MAX_CALLS) {
            throw new IllegalArgumentException(
                    "--calls: must be " + MIN_CALLS + ".." + MAX_CALLS + ", got " + calls);
        }
        return new Calibrator(calls, progress, CalibrationSite.all()).run();
    }

    /**
     * The quick calibration an agent makes before a trace: only the site whose programs and attach
     * class are the plan's ({@code key}, see {@link io.tracejob.agent.trace.TrapCosts#key}), {@link
     * #QUICK_CALLS} calls per run. Empty when no bundled site measures that key.
     */
    public static java.util.Optional<Calibration> quick(String key, PrintStream progress)
            throws IOException, InterruptedException, UnsupportedProbeException {
        java.util.Optional<CalibrationSite> site = CalibrationSite.forKey(key);
        if (site.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(
                new Calibrator(QUICK_CALLS, progress, List.of(site.get())).run());
    }

    private Calibration run() throws IOException, InterruptedException, UnsupportedProbeException {
        List<SiteMeasurement> out = new ArrayList<>();
        try (CalibrationTarget target = CalibrationTarget.start()) {
            for (CalibrationSite site : sites) out.add(measure(target, site));
        }
        return new Calibration(
                calls,
                out,
                NodeIdentity.kernelRelease(),
                NodeIdentity.hostname(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private SiteMeasurement measure(CalibrationTarget target, CalibrationSite site)
            throws IOException, InterruptedException, UnsupportedProbeException {
        ProbePlan plan = site.planner().plan(target.binary());
        if (!plan.attachClass().equals(site.attachClass())) {
            throw new IOException(
                    "calibration site "
                            + site.name()
                            + " should be of class "
                            + site.attachClass()
                            + " but the planner chose "
                            + plan.attachPoint()
                            + " of class "
                            + plan.attachClass());
        }
        progress.printf(
                Locale.ROOT,
                "measuring %s (%s): %s%n",
                site.name(),
                site.attachClass(),
                plan.attachPoint());
        long warmUp = Math.min(calls, WARM_UP);
        target.run(site.function(), warmUp);
        CalibrationTarget.Timing untraced = target.medianRun(site.function(), calls, RUNS);
        CalibrationTarget.Timing traced;
        Result r;
        try (TracedWindow w = TracedWindow.open(plan, target.pid())) {
            target.run(site.function(), warmUp);
            traced = target.medianRun(site.function(), calls, RUNS);
            r = w.finish();
        }
        long firings = r.getOverhead().getFirings();
        long expected = site.firingsPerCall() * (warmUp + RUNS * calls);
        // A tracepoint program runs for every task (it filters on the target inside); a uprobe only
        // in the target.
        boolean exact = plan.perProcess();
        if (firings < expected || exact && firings != expected) {
            throw new IOException(
                    String.format(
                            Locale.ROOT,
                            "calibration site %s: expected %s%d program runs (%d per call), the kernel counted %d; the probes did not fire as planned",
                            site.name(),
                            exact ? "" : "at least ",
                            expected,
                            site.firingsPerCall(),
                            firings));
        }
        double bpf = r.getOverhead().getBpfNanosPerFiring();
        long trap =
                SiteMeasurement.trapNanos(
                        untraced.cpuNanos(), traced.cpuNanos(), site.firingsPerCall(), bpf);
        return new SiteMeasurement(
                site.name(),
                site.attachClass(),
                plan.attachPoint(),
                site.firingsPerCall(),
                site.classFigure(),
                site.key(),
                untraced.cpuNanos(),
                traced.cpuNanos(),
                traced.wallNanos(),
                bpf,
                firings,
                trap,
                SiteMeasurement.totalNanos(
                        untraced.cpuNanos(), traced.cpuNanos(), site.firingsPerCall()));
    }
}
