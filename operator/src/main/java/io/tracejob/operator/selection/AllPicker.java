package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.TraceJob;
import java.util.List;

/** Pick All: every eligible pod up to maxPods, the first ones by name. */
public final class AllPicker implements Picker {
    @Override
    public Selection pick(TraceJob job, List<PodTarget> candidates) {
        int max = job.getSpec().getTarget().getMaxPods();
        List<PodTarget> chosen = candidates.subList(0, Math.min(max, candidates.size()));
        String why =
                chosen.size() == candidates.size()
                        ? "all "
                                + Plural.pods(candidates.size())
                                + " matching the selector (pick All)"
                        : "first "
                                + chosen.size()
                                + " by name of "
                                + Plural.pods(candidates.size())
                                + " matching the selector (pick All, maxPods "
                                + max
                                + ")";
        return new Selection(chosen, List.of(), why);
    }
}
