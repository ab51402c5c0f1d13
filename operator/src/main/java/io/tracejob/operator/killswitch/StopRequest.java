package io.tracejob.operator.killswitch;

import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.status.EventReason;
import java.util.Optional;

/**
 * Why a TraceJob must stop now, if it must: its own {@code spec.stop} (who set it, from
 * managedFields), else the cluster-wide switch.
 *
 * @param reason the reason on the {@code Stopped} condition and event
 * @param message who asked, in words
 * @param byPause the cluster-wide switch rather than the job's own field: a job not yet tracing
 *     waits for the release instead of ending
 */
public record StopRequest(EventReason reason, String message, boolean byPause) {

    public static Optional<StopRequest> of(TraceJob job, TracingPause pause) {
        if (job.getSpec().stopRequested()) {
            String who = StopRequester.of(job).map(m -> " by " + m).orElse("");
            return Optional.of(
                    new StopRequest(
                            EventReason.STOP_REQUESTED, "spec.stop set to true" + who, false));
        }
        if (pause.paused()) {
            return Optional.of(
                    new StopRequest(
                            EventReason.TRACING_PAUSED,
                            "tracing is paused cluster-wide (ConfigMap "
                                    + TracingPause.CONFIG_MAP
                                    + "): "
                                    + pause.reason(),
                            true));
        }
        return Optional.empty();
    }

    /** The metric tag: who stopped the job. */
    public String by() {
        return byPause ? "kill-switch" : "spec";
    }
}
