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

    static Result assemble(TraceRequest req, HdrLayout layout, SessionFacts f, List<IntervalSnapshot> intervals,
            List<String> warnings, StopReason reason, String message) {
        Result r = new Result();
        boolean count = req.plan().measure() == Measure.Count;
        if (count) {
            r.setCount(f.events());
            r.setSignificantDigits(req.significantDigits());
        } else {
            r.withDistribution(HistogramRebuilder.rebuild(layout, f.counts()), req.significantDigits());
        }
        r.setIntervals(new ArrayList<>(intervals));

        InFlight inFlight = new InFlight();
        inFlight.setCount(f.inFlight().count());
        inFlight.setOldestNanos(f.inFlight().oldestNanos());
        r.setInFlight(inFlight);

        Overhead o = new Overhead();
        double seconds = f.attachedNanos() / 1e9;
        // BPF run counts cover every process a binary-wide probe fires in; the target's own are the rest.
        long targetFirings = Math.max(0, f.firings() - f.otherFirings());
        o.setFirings(targetFirings);
        o.setFiringsPerSecond(seconds > 0 ? targetFirings / seconds : 0);
        o.setBpfNanosPerFiring(f.firings() > 0 ? (double) f.bpfNanos() / f.firings() : 0);
        double perFiring = o.getBpfNanosPerFiring() + req.trapCosts().forPlan(req.plan());
        o.setEstimatedCpuPercent(seconds > 0 ? (targetFirings * perFiring + f.transitionNanos()) / f.attachedNanos() * 100.0 : 0);
        double othersPercent = seconds > 0 ? f.otherFirings() * perFiring / f.attachedNanos() * 100.0 : 0;
        if (req.plan().perProcess()) {
            o.setFollowing(f.following() == Following.BINARY_WIDE ? "BinaryWide" : "PerProcess");
            o.setOtherProcessFirings(f.otherFirings());
            o.setOtherProcessesCpuPercent(othersPercent);
        }
        o.setBudgetCpuPercent(req.maxCpuPercent());
        double duty = f.attachedNanos() > 0 ? Math.min(1.0, (double) f.probedNanos() / f.attachedNanos()) : 1.0;
        o.setDutyCycle(duty);
        o.setAttachClass(req.plan().attachClass());
        r.setOverhead(o);

        List<String> w = new ArrayList<>(warnings);
        if (req.plan().measure() == Measure.Value) {
            w.add("values are the raw tracepoint field " + req.plan().valueField().name() + ", not nanoseconds, despite the *Nanos field names");
        }
        if (duty < 1.0) {
            double rate = f.probedNanos() > 0 ? (double) r.getCount() / f.probedNanos() : 0;
            long unseen = Math.round(rate * (f.attachedNanos() - f.probedNanos()));
            w.add(String.format(Locale.ROOT, "duty cycled to hold the overhead budget: probes were in %.0f%% of the trace; about %d calls were not observed (at the observed rate), and %d calls in flight when the probes went off were dropped",
                    duty * 100, unseen, f.droppedInFlight()));
        }
        if (f.clamped() > 0) {
            w.add(String.format(Locale.ROOT, "%d values exceeded the largest recordable value (%d) and were recorded in the last bucket", f.clamped(), layout.maxRepresentable()));
        }
        if (f.startMapFull() > 0) {
            w.add(f.startMapFull() + " calls were not measured: more than " + io.tracejob.agent.programs.TraceMaps.MAX_IN_FLIGHT + " calls were in flight at once");
        }
        if (f.endsWithoutStart() > 0) {
            w.add(f.endsWithoutStart() + " ends had no recorded start and were not counted: calls entered while only the return probe was in place"
                    + " (it goes in before the entry probe and comes out after it, milliseconds apart) or already running when tracing began");
        }
        if (f.otherFirings() > 0) {
            w.add(String.format(Locale.ROOT, "other processes mapping this binary: %d firings, est. %.2f%% of a core (binary-wide probes trap in every process that maps the binary)",
                    f.otherFirings(), othersPercent));
        }
        if (f.membersFull() > 0) {
            w.add(f.membersFull() + " new processes were not traced: more than " + io.tracejob.agent.programs.TraceMaps.MAX_PROCESSES + " processes were traced at once");
        }
        r.setWarnings(w);
        r.setStopReason(reason);
        r.setMessage(message);
        r.setProcessesTraced(f.processesTraced());
        r.setAttachPoint(req.plan().attachPoint());
        return r;
    }

}
