package io.tracejob.agent.calibrate;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.trace.FiringPrice;
import io.tracejob.agent.trace.TrapCosts;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bundled calibration target, probed with the trace's own programs at a site of the trace's
 * attach class, timing a short burst of its calls every second while the trace runs: what a firing
 * costs on this node now. Why: on a shared VM the cost per firing moves by 15–30 % within a minute
 * and in spikes of seconds, and every process on the node moves together (two processes traced at
 * once agreed within ±5 % in most 5 s windows while both moved; docs/benchmarks.md, "A figure that
 * follows the node"), so a figure taken before the trace, or an hour before it, prices a trace by
 * another minute's node. A tracepoint's site is a system call that costs ≈ 1 µs untraced and moves
 * with the node too, so its bursts are measured against an untraced system call of the same kind
 * timed just after. A firing's cost also differs between CPUs at the same moment (by up to 45 %
 * between the two vCPUs of a shared VM, for minutes at a time, following the CPU and not the
 * process: docs/benchmarks.md, "Per CPU"), so the target runs on the CPU where the trace fires most
 * and each CPU's firings are charged at that CPU's figure. What it costs: each burst ≈ {@link
 * #BURST_NANOS} of one core on the node (a tracepoint's paced burst ≈ 4.8 ms), on the CPU the trace
 * fires on, and a second tracer's polling. On that CPU the traced process waits for it: a paced
 * burst runs in units of one call or pair and a uprobe's back-to-back burst in four pieces, with
 * the CPU left to the traced process for 1 ms between them (in one piece, a burst stalled a 5,000
 * calls/s target by 3.4 ms in a typical second; in units, ≈ 0.6 ms); a tracepoint's back-to-back
 * turns, ≈ 2 ms, leave it the CPU only between their six commands (a longer rest made the figure
 * worse; the stall at 100 k calls/s was 390 µs).
 */
public final class Sentinel implements FiringPrice, AutoCloseable {
    static final long PERIOD_MILLIS = 1_000;

    /** the probed calls of one burst, sized from the figure known before: ≈ 2 ms of a core */
    static final double BURST_NANOS = 2_000_000;

    static final long MIN_CALLS = 20;

    /** the lowest price a burst may set, as a share of the figure measured before the trace */
    static final double FLOOR = 0.5;

    static final long MAX_CALLS = 5_000;

    /**
     * the trace's calls on a CPU at least this far apart get paced bursts (under 20,000 a second)
     */
    static final long PACED_FROM_NANOS = 50_000;

    /** paced bursts space their calls at most this far: 200 µs is a 5,000 calls/s target's gap */
    static final long PACED_MAX_GAP_NANOS = 200_000;

    private final CalibrationTarget target;
    private final TracedWindow window;
    private final CalibrationSite site;
    private final long calls;
    private final Burst bursts;
    private final String before;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile double price;
    private int samples;
    private double min = Double.MAX_VALUE;
    private double max;
    private String stopped;

    /** where the target runs: the CPU of the last burst, or -1 when it is not pinned */
    private int cpu;

    /** each CPU's latest figure, NaN where none was measured */
    private double[] prices = new double[0];

    private final Cadence cadence = new Cadence(System.nanoTime());
    private final Set<Integer> measuredOn = new TreeSet<>();
    private String pinProblem;

    private int pacedSamples;

    private Sentinel(
            CalibrationTarget target,
            TracedWindow window,
            CalibrationSite site,
            String reference,
            long calls,
            double offset,
            double floor,
            String before,
            int cpu,
            String pinProblem,
            double pacedOffset) {
        this.target = target;
        this.window = window;
        this.site = site;
        this.calls = calls;
        this.bursts = new Burst(target, site, reference, calls, offset, pacedOffset, floor);
        this.before = before;
        this.cpu = cpu;
        this.pinProblem = pinProblem;
        this.thread = new Thread(this::loop, "cost-sentinel");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the sentinel for a trace of {@code plan} and takes its first burst, so {@link
     * #nanosPerFiring()} is a figure of this moment before the trace attaches.
     *
     * @throws IOException when it cannot: no bundled site of the plan's class and measure, or the
     *     target or its probes failed
     */
    public static Sentinel start(ProbePlan plan, TrapCosts costs)
            throws IOException, InterruptedException {
        return start(plan, costs, -1);
    }

    /**
     * As {@link #start(ProbePlan, TrapCosts)}, the first burst on CPU {@code firstCpu} (where the
     * target's busiest thread last ran; -1: anywhere).
     */
    public static Sentinel start(ProbePlan plan, TrapCosts costs, int firstCpu)
            throws IOException, InterruptedException {
        String key = TrapCosts.key(plan.attachClass(), plan.measure());
        CalibrationSite site =
                CalibrationSite.forKey(key)
                        .orElseThrow(() -> new IOException("no bundled site measures " + key));
        // A tracepoint's site is a system call: its own ≈ 1 µs moves with the node as much as the
        // probe's cost does, so each burst also times getpid, the same kind of call, never traced.
        String reference = TrapCosts.TRACEPOINT.equals(site.attachClass()) ? "getpid" : null;
        double figure = costs.forPlan(plan); // known before the trace
        CalibrationTarget target = CalibrationTarget.start();
        TracedWindow window = null;
        try {
            String pinProblem = firstCpu >= 0 ? target.pin(firstCpu) : null;
            int cpu = firstCpu >= 0 && pinProblem == null ? firstCpu : -1;
            if (pinProblem != null) pinProblem = "CPU " + firstCpu + ": " + pinProblem;
            ProbePlan own = site.planner().plan(target.binary());
            if (!own.attachClass().equals(site.attachClass()))
                throw new IOException(
                        "the sentinel's site was planned as "
                                + own.attachClass()
                                + ", not "
                                + site.attachClass());
            double untracedSite = target.medianRun(site.function(), MIN_CALLS * 5, 3).cpuNanos();
            double perCall =
                    site.firingsPerCall() * Math.max(1, figure)
                            + (reference != null ? 2 * untracedSite : untracedSite);
            long calls = Burst.sized(MIN_CALLS, perCall);
            // a tracepoint's offset is a difference of two ≈ 1 µs system calls, fixed for the whole
            // trace: three times the calls, so its error is a small part of a ≈ 0.5 µs firing
            long offsetCalls = reference != null ? 3 * calls : calls;
            untracedSite = target.medianRun(site.function(), offsetCalls, 3).cpuNanos();
            // a paced call is timed alone by the wall clock: its untraced time is mostly the two
            // clock reads; a paced pair's, what the two system calls differ by untraced
            double pacedOffset =
                    reference == null
                            ? target.pace(site.function(), 50, 0)
                            : target.pairs(
                                    site.function(),
                                    reference,
                                    3 * Burst.PACED_MIN_PAIRS, // fixed for the trace: more pairs
                                    PACED_FROM_NANOS);
            window = TracedWindow.open(own, target.pid());
            // the first hits set up the kernel's side (the XOL page): out of the first burst
            target.run(site.function(), calls);
            // what the site costs untraced beyond the reference, which itself pays a little once
            // any syscall tracepoint is on (every system call then takes the kernel's slow path)
            double offset =
                    reference == null
                            ? untracedSite
                            : untracedSite - target.medianRun(reference, offsetCalls, 3).cpuNanos();
            Sentinel s =
                    new Sentinel(
                            target,
                            window,
                            site,
                            reference,
                            calls,
                            offset,
                            FLOOR * figure,
                            costs.source(),
                            cpu,
                            pinProblem,
                            pacedOffset);
            s.burst();
            s.thread.start();
            return s;
        } catch (IOException
                | InterruptedException
                | RuntimeException
                | UnsupportedProbeException e) {
            if (window != null) window.close();
            target.close();
            if (e instanceof UnsupportedProbeException u) throw new IOException(u.getMessage(), u);
            if (e instanceof InterruptedException i) throw i;
            throw e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
    }

    private void loop() {
        try {
            while (!stop.await(PERIOD_MILLIS, TimeUnit.MILLISECONDS)) burst();
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                stopped = e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void burst() throws IOException, InterruptedException {
        follow();
        long gap = cadence.gapNanos(cpu, site.firingsPerCall());
        boolean paced = gap >= PACED_FROM_NANOS;
        double p = paced ? bursts.paced(Math.min(gap, PACED_MAX_GAP_NANOS)) : bursts.tight();
        cadence.measured(cpu);
        price = p;
        synchronized (this) {
            samples++;
            if (paced) pacedSamples++;
            min = Math.min(min, p);
            max = Math.max(max, p);
            if (cpu >= 0) {
                if (prices.length <= cpu) prices = grown(prices, cpu + 1, Double.NaN);
                prices[cpu] = p;
                measuredOn.add(cpu);
            }
        }
    }

    /**
     * Moves the target to the CPU with the most firings since its last burst, if it may run there.
     */
    private void follow() throws IOException {
        int next = cadence.busiest();
        if (next < 0 || next == cpu) return;
        String why = target.pin(next);
        if (why == null) {
            cpu = next;
            return;
        }
        // outside this agent's cpuset: its firings take the latest figure
        cadence.unreachable(next);
        synchronized (this) {
            pinProblem = "CPU " + next + ": " + why;
        }
    }

    private static double[] grown(double[] a, int length, double fill) {
        double[] b = Arrays.copyOf(a, length);
        Arrays.fill(b, a.length, length, fill);
        return b;
    }

    @Override
    public double nanosPerFiring() {
        return price;
    }

    /** that CPU's latest figure; the latest of any CPU where none was measured */
    @Override
    public synchronized double nanosPerFiring(int cpu) {
        return cpu < prices.length && !Double.isNaN(prices[cpu]) ? prices[cpu] : price;
    }

    @Override
    public void fired(long[] newFiringsPerCpu) {
        cadence.fired(newFiringsPerCpu, System.nanoTime());
    }

    synchronized int pacedSamples() {
        return pacedSamples;
    }

    synchronized Set<Integer> measuredOn() {
        return new TreeSet<>(measuredOn);
    }

    @Override
    public synchronized String source() {
        return String.format(
                Locale.ROOT,
                "this node, followed during the trace: %d samples (%d paced as the trace's calls came) of %d calls of the bundled target on %s, %.0f–%.0f ns a firing%s%s (before it: %s)",
                samples,
                pacedSamples,
                calls,
                measuredOn.isEmpty()
                        ? "any CPU"
                        : (measuredOn.size() == 1 ? "CPU " : "CPUs ")
                                + String.join(
                                        ", ", measuredOn.stream().map(String::valueOf).toList()),
                min,
                max,
                pinProblem == null ? "" : "; could not run on " + pinProblem,
                stopped == null ? "" : "; the samples stopped: " + stopped,
                before);
    }

    synchronized int samples() {
        return samples;
    }

    long targetPid() {
        return target.pid();
    }

    /** Stops the bursts, takes the probes out and ends the target. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        try {
            window.close();
        } finally {
            target.close();
        }
    }
}
