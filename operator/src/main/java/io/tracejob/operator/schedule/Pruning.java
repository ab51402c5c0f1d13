package io.tracejob.operator.schedule;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.TraceJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which finished TraceJobs go: beyond {@code successfulJobsHistoryLimit} succeeded or {@code
 * failedJobsHistoryLimit} failed ones, the oldest first. A job whose row is not yet in the saved
 * history stays, so its figures are never lost to a failed status write.
 */
public final class Pruning {
    private Pruning() {}

    public static List<TraceJob> toDelete(
            List<TraceJob> finished,
            List<ScheduleRun> savedHistory,
            int successfulLimit,
            int failedLimit) {
        Set<String> recorded =
                savedHistory == null
                        ? Set.of()
                        : savedHistory.stream()
                                .map(ScheduleRun::getJob)
                                .collect(Collectors.toSet());
        List<TraceJob> out = new ArrayList<>();
        out.addAll(beyond(finished, Phase.Succeeded, successfulLimit, recorded));
        out.addAll(beyond(finished, Phase.Failed, failedLimit, recorded));
        return out;
    }

    private static List<TraceJob> beyond(
            List<TraceJob> finished, Phase phase, int limit, Set<String> recorded) {
        List<TraceJob> newestFirst =
                finished.stream()
                        .filter(j -> j.getStatus() != null && j.getStatus().getPhase() == phase)
                        .sorted(
                                Comparator.comparing(
                                                (TraceJob j) ->
                                                        ScheduledJobs.scheduledAt(j)
                                                                .orElse(Instant.EPOCH))
                                        .reversed())
                        .toList();
        if (newestFirst.size() <= limit) return List.of();
        return newestFirst.subList(limit, newestFirst.size()).stream()
                .filter(j -> recorded.contains(j.getMetadata().getName()))
                .toList();
    }
}
