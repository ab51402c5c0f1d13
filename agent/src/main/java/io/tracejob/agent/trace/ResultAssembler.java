package io.tracejob.agent.trace;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.histogram.HistogramRebuilder;
import io.tracejob.api.v1alpha1.InFlight;
import io.tracejob.api.v1alpha1.IntervalSnapshot;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Overhead;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the shared {@link Result} from what the session measured. */
final class ResultAssembler {
    private ResultAssembler() {}

    /**
     * over the budget by less than this factor is held: a take-out or a poll can run a little over
     */
    static final double BUDGET_TOLERANCE = 1.1;

    static Result assemble(
            TraceRequest req,
            HdrLayout layout,
            SessionFacts f,
            List<IntervalSnapshot> intervals,
            List<String> warnings,
            StopReason reason,
            String message) {
        Result r = new Result();
        boolean count = req.plan().measure() == Measure.Count;
        if (count) {
            r.setCount(f.events());
            r.setSignificantDigits(req.significantDigits());
        } else {
            r.withDistribution(
                    HistogramRebuilder.rebuild(layout, f.counts()), req.significantDigits());
        }
        r.setIntervals(new ArrayList<>(intervals));

        InFlight inFlight = new InFlight();
        inFlight.setCount(f.inFlight().count());
        inFlight.setOldestNanos(f.inFlight().oldestNanos());
        r.setInFlight(inFlight);

        Overhead o = new Overhead();
        double seconds = f.attachedNanos() / 1e9;
        o.setFirings(f.firings());
        o.setFiringsPerSecond(seconds > 0 ? f.firings() / seconds : 0);
        o.setBpfNanosPerFiring(f.bpfStats() != null ? f.bpfStats().nanosPerRun() : 0);
        // the whole cost of a firing to the target (trap and program, its thread CPU time), each
        // firing priced when it was counted: the mean of what a sentinel measured during the trace,
        // or the one figure known before it; with no firing, the price's last figure, so the
        // figure and costSource name one source
        double perFiring =
                f.firings() > 0 ? f.firingNanos() / f.firings() : f.latestNanosPerFiring();
        o.setNanosPerFiring(perFiring);
        o.setCostSource(f.costSource());
        o.setTransitionNanos(f.transitionNanos());
        double modelNanos = f.firingNanos() + f.transitionNanos();
        // the probes run on the traced threads: they cannot have cost more than those threads' own
        // CPU time
        boolean capped = f.tracedCpuNanos() >= 0 && modelNanos > f.tracedCpuNanos();
        double costNanos = capped ? f.tracedCpuNanos() : modelNanos;
        o.setEstimatedCpuPercent(seconds > 0 ? costNanos / f.attachedNanos() * 100.0 : 0);
        boolean held =
                f.budgetHoldable()
                        && o.getEstimatedCpuPercent() <= req.maxCpuPercent() * BUDGET_TOLERANCE;
        o.setBudgetHeld(held);
        // the programs count only firings in the target's processes (after the membership filter);
        // firings of a
        // binary-wide probe elsewhere are counted apart and priced at the same per-firing figure
        double othersPercent =
                seconds > 0 ? f.otherFirings() * perFiring / f.attachedNanos() * 100.0 : 0;
        if (req.plan().perProcess()) {
            o.setFollowing(f.following() == Following.BINARY_WIDE ? "BinaryWide" : "PerProcess");
            o.setOtherProcessFirings(f.otherFirings());
            o.setOtherProcessesCpuPercent(othersPercent);
        }
        o.setBudgetCpuPercent(req.maxCpuPercent());
        double duty =
                f.attachedNanos() > 0
                        ? Math.min(1.0, (double) f.probedNanos() / f.attachedNanos())
                        : 1.0;
        o.setDutyCycle(duty);
        o.setAttachClass(req.plan().attachClass());
        r.setOverhead(o);

        List<String> w = new ArrayList<>(warnings);
        if (req.plan().measure() == Measure.Value) {
            w.add(
                    "values are the raw tracepoint field "
                            + req.plan().valueField().name()
                            + ", not nanoseconds, despite the *Nanos field names");
        }
        if (duty < 1.0) {
            double rate = f.probedNanos() > 0 ? (double) r.getCount() / f.probedNanos() : 0;
            long unseen = Math.round(rate * (f.attachedNanos() - f.probedNanos()));
            w.add(
                    String.format(
                            Locale.ROOT,
                            "duty cycled to hold the overhead budget (aiming at %.0f%% of it, the estimate's error margin): probes were in %.0f%% of the trace; about %d calls were not observed (at the observed rate), and %d calls in flight when the probes went off were dropped",
                            BudgetGovernor.CYCLING_AIM * 100,
                            duty * 100,
                            unseen,
                            f.droppedInFlight()));
        }
        if (capped) {
            w.add(
                    String.format(
                            Locale.ROOT,
                            "the cost model (%.1f ms of CPU) exceeded the traced processes' own CPU time while traced (%.1f ms): reported at the latter",
                            modelNanos / 1e6,
                            f.tracedCpuNanos() / 1e6));
        }
        if (!f.budgetHoldable()) {
            w.add(
                    String.format(
                            Locale.ROOT,
                            "the budget of %.2f%% of one core cannot be held: attaching and taking the probes out once cost about %.1f ms of CPU at this call rate, more than the budget allows over the whole trace (%.1f ms)",
                            req.maxCpuPercent(),
                            f.minimumNanos() / 1e6,
                            req.maxCpuPercent() / 100 * f.attachedNanos() / 1e6));
        } else if (!held) {
            w.add(
                    String.format(
                            Locale.ROOT,
                            "the probes cost %.2f%% of one core, over the budget of %.2f%%",
                            o.getEstimatedCpuPercent(),
                            req.maxCpuPercent()));
        }
        if (f.clamped() > 0) {
            w.add(
                    String.format(
                            Locale.ROOT,
                            "%d values exceeded the largest recordable value (%d) and were recorded in the last bucket",
                            f.clamped(),
                            layout.maxRepresentable()));
        }
        if (f.startMapFull() > 0) {
            w.add(
                    f.startMapFull()
                            + " calls were not measured: more than "
                            + io.tracejob.agent.programs.TraceMaps.MAX_IN_FLIGHT
                            + " calls were in flight at once");
        }
        if (f.stackResets() > 0) {
            w.add(
                    f.stackResets()
                            + " time(s): a thread had "
                            + io.tracejob.agent.programs.ThreadStack.MAX_DEPTH
                            + " calls of the function open when it entered again (their returns never ran: left by"
                            + " longjmp, or a missed return probe); its open calls were dropped and measuring went on");
        }
        if (f.endsWithoutStart() > 0) {
            w.add(
                    f.endsWithoutStart()
                            + " ends had no recorded start and were not counted: calls entered while only the return probe was in place"
                            + " (it goes in before the entry probe and comes out after it, milliseconds apart) or already running when tracing began");
        }
        if (f.otherFirings() > 0) {
            w.add(
                    String.format(
                            Locale.ROOT,
                            "other processes mapping this binary: %d firings, est. %.2f%% of a core (binary-wide probes trap in every process that maps the binary)",
                            f.otherFirings(),
                            othersPercent));
        }
        if (f.membersFull() > 0) {
            w.add(
                    f.membersFull()
                            + " new processes were not traced: more than "
                            + io.tracejob.agent.programs.TraceMaps.MAX_PROCESSES
                            + " processes were traced at once");
        }
        r.setWarnings(w);
        r.setStopReason(reason);
        r.setMessage(message);
        r.setProcessesTraced(f.processesTraced());
        r.setAttachPoint(req.plan().attachPoint());
        return r;
    }
}
