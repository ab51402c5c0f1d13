package io.tracejob.operator.guards;

import io.tracejob.api.v1alpha1.TraceJob;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each new TraceJob reached the operator, stamped on the informer's thread as its ADDED event
 * arrives ({@link #arrived}, JOSDK's on-add filter): the informer delivers creations in the order
 * the API server committed them, so the stamps follow the creation order to the microsecond. A
 * stamp taken later, in the job's first pass, would not: passes run on a pool of threads, and under
 * load the second of two jobs created milliseconds apart can start first. The first pass writes the
 * stamp to {@code status.firstSeenTime} ({@link #take}), where it survives restarts.
 */
public final class ArrivalOrder {
    private final Clock clock;
    private final Map<String, Instant> byUid = new ConcurrentHashMap<>();
    private Instant last = Instant.EPOCH;

    public ArrivalOrder(Clock clock) {
        this.clock = clock;
    }

    /**
     * A job's ADDED event: a job no operator has stamped yet gets the next stamp (strictly after
     * the last one). Always true: this filter only watches.
     */
    public boolean arrived(TraceJob job) {
        boolean stamped = job.getStatus() != null && job.getStatus().getFirstSeenTime() != null;
        if (!stamped && job.getMetadata().getUid() != null)
            byUid.putIfAbsent(job.getMetadata().getUid(), next());
        return true;
    }

    private synchronized Instant next() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
        return last;
    }

    /**
     * The job's arrival stamp, given up (it goes to the job's status); one taken now if its event
     * was not seen (e.g. it reached the pass first).
     */
    public Instant take(TraceJob job) {
        Instant seen =
                job.getMetadata().getUid() == null
                        ? null
                        : byUid.remove(job.getMetadata().getUid());
        return seen != null ? seen : next();
    }

    /** The job is gone before its first pass. */
    public void forget(TraceJob job) {
        if (job.getMetadata().getUid() != null) byUid.remove(job.getMetadata().getUid());
    }
}
