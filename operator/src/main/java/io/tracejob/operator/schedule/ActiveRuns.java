package io.tracejob.operator.schedule;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.tracejob.api.v1alpha1.TraceJob;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of one schedule that are active during a pass, as the cron part and then the trigger
 * part change them. Both may replace (concurrencyPolicy Replace) and both may start a run in the
 * same pass, so a trigger's Replace must take out what is active by then — a cron run started a
 * moment before included, runs the cron part already deleted excluded — and {@code status.active}
 * must end with what is really running.
 */
final class ActiveRuns {
    private final List<TraceJob> runs = new ArrayList<>();

    /** The unfinished runs found at the start of the pass. */
    ActiveRuns(List<TraceJob> running) {
        runs.addAll(running);
    }

    /** Takes every active run out, for a Replace; returns them, for the caller to delete. */
    List<TraceJob> replaceAll() {
        List<TraceJob> out = List.copyOf(runs);
        runs.clear();
        return out;
    }

    void started(TraceJob job) {
        runs.add(job);
    }

    int size() {
        return runs.size();
    }

    /** For {@code status.active}. */
    List<ObjectReference> references() {
        return runs.stream().map(ActiveRuns::reference).toList();
    }

    private static ObjectReference reference(TraceJob job) {
        return new ObjectReferenceBuilder()
                .withApiVersion(job.getApiVersion())
                .withKind(job.getKind())
                .withName(job.getMetadata().getName())
                .withNamespace(job.getMetadata().getNamespace())
                .withUid(job.getMetadata().getUid())
                .build();
    }
}
