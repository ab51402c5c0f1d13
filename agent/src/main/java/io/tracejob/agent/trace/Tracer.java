package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.ProgramStats;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.histogram.HistogramRebuilder;
import io.tracejob.agent.proc.TracedCpu;
import io.tracejob.agent.programs.Counter;
import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.IntervalSnapshot;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.OnExceed;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.report.AsciiHistogram;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Runs one trace: attach, report every interval from counter differences (the probes stay
 * attached), stop on the first of duration, signal, target exit or budget, detach, then read the
 * final counts — so the count is exactly the calls completed while the probes were attached.
 */
public final class Tracer {
    /** how often new child processes and target exit are checked between intervals */
    static final long POLL_NANOS = 10_000_000L;

    /** the checks' interval right after the attach, and for how long */
    static final long FIRST_POLL_NANOS = 1_000_000L;

    static final long FAST_POLLS_FOR_NANOS = 100_000_000L;

    /** how long after the attach the agent does nothing but check the budget ({@link #guard}) */
    static final long GUARD_NANOS = 10_000_000L;

    /**
     * how often a rescan source (a container's cgroup) is asked for processes that are not
     * descendants
     */
    static final long RESCAN_NANOS = 1_000_000_000L;

    private final TraceRequest req;
    private final HdrLayout layout;
    private final IntervalClock clock = new IntervalClock();
    private final List<IntervalSnapshot> intervals = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** what a firing costs: a sentinel's figure that moves during the trace, or the request's */
    private final FiringPrice price;

    public Tracer(TraceRequest req) {
        this(req, null);
    }

    public Tracer(TraceRequest req, FiringPrice live) {
        this.req = req;
        this.layout = HdrLayout.latency(req.significantDigits());
        this.price = live != null ? live : FiringPrice.fixed(req.trapCosts(), req.plan());
    }

    public Result run() throws IOException, InterruptedException {
        warnings.addAll(req.plan().warnings());
        FollowingChoice following =
                FollowingChoice.choose(req.plan(), req.roots(), req.following());
        if (req.plan().perProcess())
            req.out()
                    .println(
                            "following: "
                                    + following.following()
                                    + " ("
                                    + following.reason()
                                    + ")");
        if (following.following() == Following.PER_PROCESS && !following.others().isEmpty())
            warnings.add(following.reason());
        // Made before the attach: the JVM's first run of this code (reading /proc/self, formatting)
        // takes ms in which the probes would run unchecked.
        long jvmStartMillis =
                ProcessHandle.current()
                        .info()
                        .startInstant()
                        .map(java.time.Instant::toEpochMilli)
                        .orElse(-1L);
        String tracingLine =
                String.format(
                        "Tracing %s in %s (and %s children) for %s, interval %s; Ctrl-C stops early.%n",
                        req.plan().attachPoint(),
                        pids(req.roots()),
                        req.roots().size() == 1 ? "its" : "their",
                        human(req.duration().toNanos()),
                        human(req.interval().toNanos()));
        clock.wall(System.nanoTime());
        BudgetGovernor.warmUp();
        try (TraceSession session =
                TraceSession.open(
                        req.plan(),
                        layout,
                        req.roots(),
                        following.following(),
                        req.returnProbeGate())) {
            long attachCpu = session.transitionCpuNanos();
            long attachedAt = System.nanoTime();
            FiringCost firingCost = new FiringCost(price);
            BudgetGovernor budget =
                    new BudgetGovernor(
                            req.maxCpuPercent(),
                            req.duration().toNanos(),
                            attachedAt,
                            0,
                            attachCpu,
                            POLL_NANOS,
                            session.sessionLink()
                                    ? BudgetGovernor.SESSION_TAKE_OUT_WALL_NANOS
                                    : BudgetGovernor.TAKE_OUT_WALL_NANOS);
            long sinceJvmStartMillis =
                    jvmStartMillis < 0
                            ? -1
                            : clock.wall(attachedAt).toEpochMilli() - jvmStartMillis;
            // the trace began when the agent did (for a `run` or a pod alike)
            if (sinceJvmStartMillis >= 0) budget.startedBefore(sinceJvmStartMillis * 1_000_000L);
            // The first checks come before anything else the agent does at attach: the JVM's
            // first run of that code (measured: 13-38 ms to the loop's first check) is time in
            // which a probe costing most of a core spends a short trace's budget many times over.
            BudgetGovernor.Action firstAction =
                    guard(session, budget, attachedAt, attachCpu, firingCost);
            // spent already: out now, before the lines below (the loop's first pass stops, or
            // says it is duty cycling); a Stop then ends here, not when the loop gets to it
            long outAt = -1;
            if (firstAction == BudgetGovernor.Action.OVER_BUDGET)
                outAt = takeOut(session, budget, firingCost);
            if (session.returnLinking() != null)
                req.out().println("probes: " + session.returnLinking());
            TracedCpu tracedCpu = new TracedCpu();
            tracedCpu.start(session.tracedPids());
            if (req.onAttached() != null) req.onAttached().run();
            req.out().print(tracingLine);
            if (sinceJvmStartMillis >= 0)
                req.out().println(attachedLine(sinceJvmStartMillis, session.mapBytes()));
            List<Integer> rootPids = new ArrayList<>();
            for (ProcessId root : req.roots()) rootPids.add(root.pid());
            for (int p : session.drainNewlyAttached())
                if (!rootPids.contains(p))
                    req.out().printf("+ tracing process %d (new in the target)%n", p);
            long nextRescan = attachedAt + RESCAN_NANOS;
            long[] prevCounts = new long[layout.length()];
            long prevEvents = 0;
            long intervalStart = attachedAt;
            long deadline = attachedAt + req.duration().toNanos();
            long nextInterval =
                    attachedAt + Math.min(req.interval().toNanos(), req.duration().toNanos());
            StopReason reason;
            String message = null;
            // the first pass checks again at once (after the lines above, a few ms in), and acts
            // on the first check if it already found the budget spent
            boolean firstPass = true;
            boolean cyclingSaid = false;
            while (true) {
                long now = System.nanoTime();
                // the first checks come quickly: a probe costing most of a core spends a short
                // trace's first window in milliseconds
                long poll = now - attachedAt < FAST_POLLS_FOR_NANOS ? FIRST_POLL_NANOS : POLL_NANOS;
                if (!firstPass
                        && req.stop()
                                .await(Math.min(poll, Math.min(nextInterval, deadline) - now))) {
                    reason = StopReason.Signalled;
                    message = "stopped by " + req.stop().name();
                    break;
                }
                now = System.nanoTime();
                // the budget first: what else a check does (new processes, exits) can wait a poll
                BudgetGovernor.Action action =
                        budget.check(
                                now, probeCost(session, firingCost) - attachCpu, session.probing());
                if (firstPass && firstAction == BudgetGovernor.Action.OVER_BUDGET)
                    action = firstAction;
                firstPass = false;
                if (action == BudgetGovernor.Action.OVER_BUDGET) {
                    if (req.onExceed() == OnExceed.Stop) {
                        reason = StopReason.BudgetExceeded;
                        message =
                                String.format(
                                        Locale.ROOT,
                                        "the probes cost more than the budget of %.2f%% of one core (%.1f ms of CPU in %s of tracing)",
                                        req.maxCpuPercent(),
                                        budget.spentNanos() / 1e6,
                                        human((outAt >= 0 ? outAt : now) - attachedAt));
                        break;
                    }
                    if (!cyclingSaid) {
                        req.out()
                                .printf(
                                        "overhead budget of %.2f%% reached: duty cycling the probes from now on%n",
                                        req.maxCpuPercent());
                        cyclingSaid = true;
                    }
                    // out already when the first checks found the budget spent
                    if (session.probing()) takeOut(session, budget, firingCost);
                } else if (action == BudgetGovernor.Action.RESUME) {
                    double cost = probeCost(session, firingCost);
                    try {
                        session.resume();
                    } catch (IOException e) {
                        // What was measured so far is still a Result: stop here and say why.
                        reason = StopReason.Error;
                        message =
                                "could not put the probes back after a duty-cycle pause: "
                                        + e.getMessage();
                        break;
                    }
                    budget.resumed(
                            System.nanoTime(), Math.round(probeCost(session, firingCost) - cost));
                }
                if (System.nanoTime() >= nextRescan) {
                    if (req.rescan() != null) for (int p : req.rescan().get()) session.adopt(p);
                    tracedCpu.sample(session.tracedPids());
                    nextRescan = System.nanoTime() + RESCAN_NANOS;
                }
                int live = session.poll();
                for (int p : session.drainNewlyAttached())
                    req.out().printf("+ tracing process %d (new in the target)%n", p);
                if (live == 0) {
                    reason = StopReason.TargetExited;
                    message = "the target process and all its traced descendants exited";
                    break;
                }
                now = System.nanoTime();
                if (now >= nextInterval && now < deadline) {
                    long[] counts = session.counts();
                    long events = session.counter(Counter.EVENTS);
                    snapshot(intervalStart, now, counts, prevCounts, events - prevEvents);
                    prevCounts = counts;
                    prevEvents = events;
                    intervalStart = now;
                    nextInterval = now + req.interval().toNanos();
                }
                if (now >= deadline) {
                    reason = StopReason.Completed;
                    break;
                }
            }
            boolean probingAtEnd = session.probing();
            session.detach();
            long detachedAt = System.nanoTime();
            tracedCpu.sample(session.tracedPids());
            long[] counts = session.counts();
            long events = session.counter(Counter.EVENTS);
            if (detachedAt - intervalStart > 0
                    && (sum(counts) > sum(prevCounts)
                            || events > prevEvents
                            || intervals.isEmpty())) {
                snapshot(intervalStart, detachedAt, counts, prevCounts, events - prevEvents);
            }
            // the programs were loaded for this trace: their run counts start at 0 (the attach
            // window's runs are the trace's too)
            ProgramStats traced = session.programStats();
            long elapsed =
                    (reason == StopReason.BudgetExceeded && outAt >= 0 ? outAt : detachedAt)
                            - attachedAt;
            long probed = Math.min(elapsed, budget.probedNanos(detachedAt, probingAtEnd));
            SessionFacts facts =
                    new SessionFacts(
                            counts,
                            events,
                            session.inFlight(System.nanoTime()),
                            session.firings(),
                            session.bpfTimeMeasured() ? traced : null,
                            elapsed,
                            probed,
                            budget.droppedInFlight(),
                            session.transitionCpuNanos(),
                            session.processesTraced(),
                            session.counter(Counter.CLAMPED),
                            session.counter(Counter.END_WITHOUT_START),
                            session.counter(Counter.START_MAP_FULL),
                            tracedCpu.known() ? tracedCpu.nanos() : -1,
                            budget.holdable(),
                            Math.round(budget.minimumNanos()),
                            session.following(),
                            session.otherProcessFirings(),
                            session.counter(Counter.MEMBERS_FULL),
                            session.counter(Counter.STACK_RESET),
                            firingCost.nanos(session.firingsPerCpu()),
                            price.source(),
                            price.nanosPerFiring());
            warnings.addAll(session.warnings());
            return ResultAssembler.assemble(
                    req, layout, facts, intervals, warnings, reason, message);
        }
    }

    /**
     * What the probes have cost so far, transitions included. The maps are this trace's, so every
     * firing they counted is the target's, those of the attach included (calls made while only the
     * return probe was in). A difference across a take-out or a put-back is what it cost: its
     * kernel calls and the firings while it ran.
     */
    private static double probeCost(TraceSession session, FiringCost firings) throws IOException {
        return session.transitionCpuNanos() + firings.nanos(session.firingsPerCpu());
    }

    /**
     * The first {@link #GUARD_NANOS} after the attach: nothing but a budget check every {@link
     * #FIRST_POLL_NANOS}, until one says the budget is spent. The rest of the attach's work (lines
     * printed, the traced CPU's first reading, the loop's first run) is the JVM's first run of that
     * code and took 2–11 ms between two checks, in which a probe costing most of a core would run
     * unchecked; printed 10 ms later it loses nothing.
     */
    private static BudgetGovernor.Action guard(
            TraceSession session,
            BudgetGovernor budget,
            long attachedAt,
            long attachCpu,
            FiringCost firingCost)
            throws IOException {
        while (true) {
            BudgetGovernor.Action a =
                    budget.check(
                            System.nanoTime(),
                            probeCost(session, firingCost) - attachCpu,
                            session.probing());
            if (a != BudgetGovernor.Action.NONE || System.nanoTime() - attachedAt >= GUARD_NANOS)
                return a;
            java.util.concurrent.locks.LockSupport.parkNanos(FIRST_POLL_NANOS);
        }
    }

    /**
     * Takes the probes out and tells the governor what that cost: its kernel calls and the firings
     * while it ran. Returns when they were out.
     */
    private static long takeOut(TraceSession session, BudgetGovernor budget, FiringCost firingCost)
            throws IOException {
        double cost = probeCost(session, firingCost);
        long dropped = session.suspend();
        long out = System.nanoTime();
        budget.suspended(out, Math.round(probeCost(session, firingCost) - cost), dropped);
        return out;
    }

    /** Built without string concatenation: its first use in the JVM costs ms (a bootstrap). */
    static String attachedLine(long sinceJvmStartMillis, long mapBytes) {
        return new StringBuilder("attached ")
                .append(sinceJvmStartMillis)
                .append(" ms after the agent's JVM started; BPF maps hold ")
                .append(mapBytes / 1024)
                .append(" KiB of kernel memory")
                .toString();
    }

    private void snapshot(long from, long to, long[] counts, long[] prev, long events) {
        IntervalSnapshot s = new IntervalSnapshot();
        s.setStart(clock.wall(from).toString());
        if (req.plan().measure() == Measure.Count) {
            s.setCount(events);
            intervals.add(s);
            req.out()
                    .printf(
                            "%n@%s  %d events (%.0f/s)%n",
                            clock.wall(to), events, events * 1e9 / (to - from));
            return;
        }
        Histogram h = HistogramRebuilder.rebuild(layout, HistogramRebuilder.diff(counts, prev));
        s.setCount(h.getTotalCount());
        if (h.getTotalCount() > 0) {
            s.setP50(h.getValueAtPercentile(50));
            s.setP99(h.getValueAtPercentile(99));
            s.setMax(h.getMaxValue());
        }
        intervals.add(s);
        req.out()
                .printf(
                        "%n@%s  interval %s: %d calls (%.0f/s)%n",
                        clock.wall(to),
                        human(to - from),
                        h.getTotalCount(),
                        h.getTotalCount() * 1e9 / (to - from));
        if (h.getTotalCount() > 0) req.out().print(AsciiHistogram.render(h, 40));
        req.out().flush();
    }

    private static String pids(List<ProcessId> roots) {
        return roots.size() == 1
                ? "pid " + roots.get(0).pid()
                : "pids "
                        + roots.stream()
                                .map(r -> Integer.toString(r.pid()))
                                .collect(java.util.stream.Collectors.joining(", "));
    }

    private String human(long nanos) {
        return HumanDuration.format(nanos);
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) s += v;
        return s;
    }
}
