package io.tracejob.operator.plugin.render;

import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line saying where a TraceJob is: waiting, selecting, which pod the agents trace and how long
 * is left (from {@code status.startTime} and {@code spec.duration}, in whole seconds).
 */
public final class ProgressLine {
    private ProgressLine() {}

    public static String of(TraceJob job, Instant now) {
        TraceJobStatus s = job.getStatus();
        if (s == null || s.getPhase() == null) return "created, waiting for the operator";
        String message = s.getMessage() == null ? "" : ": " + s.getMessage();
        return switch (s.getPhase()) {
            case Pending -> "pending" + message;
            case Selecting -> "selecting the pod to trace" + message;
            case Running ->
                    s.getTarget() == null
                            ? "tracing: agents starting"
                            : "tracing " + target(s.getTarget()) + timeLeft(job, now);
            case Succeeded -> "succeeded";
            case Failed -> "failed" + message;
        };
    }

    private static String target(TargetStatus t) {
        String pods =
                t.getPod() != null
                        ? "pod " + t.getPod()
                        : t.getPods() == null ? "the chosen pods" : t.getPods().size() + " pods";
        return pods + (t.getNode() == null ? "" : " on " + t.getNode());
    }

    private static String timeLeft(TraceJob job, Instant now) {
        String start = job.getStatus().getStartTime();
        if (start == null || job.getSpec() == null || job.getSpec().getDuration() == null)
            return ", agent starting";
        try {
            Duration duration = KubeDuration.parse("spec.duration", job.getSpec().getDuration());
            long left = Duration.between(now, Instant.parse(start).plus(duration)).toSeconds();
            return left > 0 ? ", " + left + "s left" : ", collecting the result";
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return "";
        }
    }
}
