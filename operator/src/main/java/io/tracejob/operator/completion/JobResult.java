package io.tracejob.operator.completion;

import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.PodResult;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a TraceJob's agents came to, once all are done: the merged result with a one-line summary
 * (saying when and why it is partial), or why there is none. Pure: the agents' outcomes come in as
 * arguments.
 */
public sealed interface JobResult {

    /** Pick All only (else null): each agent's own figures, slowest pod first. */
    List<PodResult> perPod();

    /** No agent produced a result, or the results could not be merged. */
    record Failed(List<PodResult> perPod, EventReason reason, String message)
            implements JobResult {}

    /** {@code incomplete}: some agent failed or was cut short; {@code summary} says so. */
    record Succeeded(List<PodResult> perPod, Result merged, boolean incomplete, String summary)
            implements JobResult {}

    static JobResult of(List<PerPod.Agent> ran, Pick pick, Measure measure) {
        // Pick All only: for Slowest and Any the one pod's figures are status.result and
        // status.target names it.
        List<PodResult> perPod = pick == Pick.All ? PerPod.of(ran) : null;
        Map<String, Result> results = new LinkedHashMap<>();
        List<AgentOutcome.Failed> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean partial = false;
        for (PerPod.Agent a : ran) {
            String target = a.pod() == null ? a.agentPod() : a.pod();
            if (a.outcome() instanceof AgentOutcome.Finished f) {
                results.put(target, f.result());
                partial |= f.partial();
                if (f.note() != null) notes.add(target + ": " + f.note());
            } else if (a.outcome() instanceof AgentOutcome.Failed f) {
                failures.add(f);
            }
        }
        if (results.isEmpty()) {
            AgentOutcome.Failed first = failures.get(0);
            String message =
                    failures.size() == 1
                            ? first.message()
                            : first.message()
                                    + " (and "
                                    + (failures.size() - 1)
                                    + " more agent failures)";
            return new Failed(perPod, EventReason.of(first.reason()), message);
        }
        Result merged;
        try {
            merged = ResultMerger.merge(results);
        } catch (IllegalArgumentException e) {
            return new Failed(perPod, EventReason.RESULT_UNREADABLE, e.getMessage());
        }
        List<String> warnings =
                new ArrayList<>(merged.getWarnings() == null ? List.of() : merged.getWarnings());
        failures.forEach(f -> warnings.add(f.reason() + ": " + f.message()));
        warnings.addAll(notes);
        merged.setWarnings(warnings);
        boolean incomplete = partial || !failures.isEmpty();
        String p99 = StatusRecorder.display(merged, measure).getP99();
        String summary =
                merged.getCount()
                        + " calls from "
                        + String.join(", ", results.keySet())
                        + (p99 == null ? "" : ", p99 " + p99)
                        + (incomplete
                                ? " (partial: "
                                        + String.join(
                                                "; ",
                                                notes.isEmpty()
                                                        ? failures.stream()
                                                                .map(AgentOutcome.Failed::reason)
                                                                .toList()
                                                        : notes)
                                        + ")"
                                : "");
        return new Succeeded(perPod, merged, incomplete, summary);
    }
}
