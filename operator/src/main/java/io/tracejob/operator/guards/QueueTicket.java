package io.tracejob.operator.guards;

import io.tracejob.api.v1alpha1.TraceJob;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * A TraceJob's place in the node queues: its creation time, then the time the operator first saw
 * it, then namespace/name.
 *
 * <p>Why the first-seen time: {@code creationTimestamp} has whole seconds, so jobs created in the
 * same second would otherwise be served by name. The API server keeps no finer creation time that a
 * client may compare ({@code resourceVersion} is opaque and changes with every write), so the
 * operator stamps each new job as its creation event arrives ({@link ArrivalOrder}, in the order
 * the API server committed the creations) and keeps the stamp in {@code status.firstSeenTime}
 * (microseconds), where it survives restarts. Jobs created while no operator runs are stamped in
 * the order the informer's first list gives them (by name), which is the old rule.
 *
 * @param created {@code metadata.creationTimestamp} (RFC 3339, whole seconds; "" if unset)
 * @param firstSeen {@code status.firstSeenTime}, or null for a job stamped by no operator yet
 * @param key namespace/name: the job's identity in the queues and the last tie-breaker
 */
public record QueueTicket(String created, Instant firstSeen, String key)
        implements Comparable<QueueTicket> {

    private static final Comparator<QueueTicket> ORDER =
            Comparator.comparing(QueueTicket::created)
                    .thenComparing(
                            QueueTicket::firstSeen,
                            Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(QueueTicket::key);

    /** The ticket of a TraceJob, from its metadata and status. */
    public static QueueTicket of(TraceJob job) {
        String created = job.getMetadata().getCreationTimestamp();
        String seen = job.getStatus() == null ? null : job.getStatus().getFirstSeenTime();
        return new QueueTicket(
                created == null ? "" : created,
                instant(seen),
                job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
    }

    /**
     * {@code rfc3339} as an instant; null when absent or not a time (a status edited by hand must
     * not stop the queue).
     */
    static Instant instant(String rfc3339) {
        if (rfc3339 == null) return null;
        try {
            return Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public int compareTo(QueueTicket o) {
        return ORDER.compare(this, o);
    }
}
