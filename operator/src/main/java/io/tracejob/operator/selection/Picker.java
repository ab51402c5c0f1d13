package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.TraceJob;
import java.util.List;

/** Chooses which of the eligible pods to trace. Candidates arrive sorted by pod name. */
public interface Picker {
    Selection pick(TraceJob job, List<PodTarget> candidates) throws SelectionException;
}
