package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.TraceJob;
import java.util.List;

/** Pick Any: the first eligible pod by name, so that a re-run picks the same one. */
public final class AnyPicker implements Picker {
    @Override
    public Selection pick(TraceJob job, List<PodTarget> candidates) {
        PodTarget first = candidates.get(0);
        String why =
                job.getSpec().getTarget().getPodName() != null
                        ? "named by spec.target.podName"
                        : "first by name of "
                                + Plural.pods(candidates.size())
                                + " matching the selector (pick Any)";
        return new Selection(List.of(first), List.of(), why);
    }
}
