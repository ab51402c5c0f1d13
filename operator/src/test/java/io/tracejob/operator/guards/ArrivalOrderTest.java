package io.tracejob.operator.guards;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ArrivalOrderTest {
    /** A clock that does not move: stamps must still be strictly increasing. */
    private final Clock frozen = Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneOffset.UTC);

    private final ArrivalOrder order = new ArrivalOrder(frozen);

    private static TraceJob job(String uid) {
        TraceJob j = new TraceJob();
        j.setMetadata(new ObjectMetaBuilder().withName(uid).withUid(uid).build());
        return j;
    }

    @Test
    void jobsAreStampedInTheOrderTheirEventsArriveNotTheOrderTheirPassesRun() {
        TraceJob first = job("u1");
        TraceJob second = job("u2");
        assertThat(order.arrived(first)).isTrue();
        assertThat(order.arrived(second)).isTrue();
        // the second job's pass runs first
        Instant secondSeen = order.take(second);
        Instant firstSeen = order.take(first);
        assertThat(firstSeen).isBefore(secondSeen);
        assertThat(secondSeen).isEqualTo(firstSeen.plusNanos(1_000));
        // taken once: a later pass without an event gets a fresh, later stamp
        assertThat(order.take(first)).isAfter(secondSeen);
    }

    @Test
    void aJobAnOperatorStampedAlreadyIsNotStampedAgain() {
        TraceJob old = job("u3");
        old.setStatus(new TraceJobStatus());
        old.getStatus().setFirstSeenTime("2026-12-01T00:00:00.000001Z");
        order.arrived(old);
        order.arrived(job("u4"));
        order.forget(job("u4"));
        // nothing kept for either: each take is a fresh stamp
        Instant a = order.take(old);
        assertThat(order.take(job("u4"))).isAfter(a);
    }
}
