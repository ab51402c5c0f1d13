package io.tracejob.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.MockCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events on fabric8's mock API server: a repeat raises the count of the Event already recorded. */
class EventRecorderTest {
    private static final String NS = "shop";

    private static TraceJob job(String name, String uid) {
        TraceJob job = new TraceJob();
        job.setMetadata(
                new ObjectMetaBuilder().withNamespace(NS).withName(name).withUid(uid).build());
        return job;
    }

    private static List<Event> events(MockCluster cluster) {
        return cluster.client().v1().events().inNamespace(NS).list().getItems();
    }

    private static Event only(MockCluster cluster, String message) {
        List<Event> matching =
                events(cluster).stream().filter(e -> message.equals(e.getMessage())).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    @Test
    void aRepeatedEventRaisesTheCountAndLastTimestampOfTheRecordedOne() {
        try (MockCluster cluster = new MockCluster();
                EventRecorder recorder = new EventRecorder(cluster.client(), "test")) {
            TraceJob job = job("checkout-p99", "uid-1");
            recorder.normal(job, EventReason.WAITING, "node node-1 runs 2 agents already");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(cluster).size() == 1);
            Event first = events(cluster).get(0);

            recorder.normal(job, EventReason.WAITING, "node node-1 runs 2 agents already");
            recorder.normal(job, EventReason.WAITING, "node node-1 runs 2 agents already");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events(cluster).get(0).getCount() == 3);

            Event counted = only(cluster, "node node-1 runs 2 agents already");
            assertThat(counted.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
            assertThat(counted.getFirstTimestamp()).isEqualTo(first.getFirstTimestamp());
            assertThat(Instant.parse(counted.getLastTimestamp()))
                    .isAfter(Instant.parse(first.getLastTimestamp()));
            assertThat(counted.getReason()).isEqualTo("Waiting");
        }
    }

    @Test
    void anotherMessageTypeReasonOrJobIsAnEventOfItsOwn() {
        try (MockCluster cluster = new MockCluster();
                EventRecorder recorder = new EventRecorder(cluster.client(), "test")) {
            TraceJob job = job("checkout-p99", "uid-1");
            recorder.normal(job, EventReason.WAITING, "node node-1 is busy");
            recorder.normal(job, EventReason.WAITING, "node node-2 is busy");
            recorder.warning(job, EventReason.WAITING, "node node-1 is busy");
            recorder.normal(job, EventReason.NODE_BUSY, "node node-1 is busy");
            recorder.normal(
                    job("payment-p99", "uid-2"), EventReason.WAITING, "node node-1 is busy");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(cluster).size() == 5);
            assertThat(events(cluster)).allMatch(e -> e.getCount() == 1);
        }
    }

    @Test
    void aRepeatOfAnEventThatIsGoneStartsANewOne() {
        try (MockCluster cluster = new MockCluster();
                EventRecorder recorder = new EventRecorder(cluster.client(), "test")) {
            TraceJob job = job("checkout-p99", "uid-1");
            recorder.normal(job, EventReason.PRE_TRACING, "pre-tracing 2 pods");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(cluster).size() == 1);
            String gone = events(cluster).get(0).getMetadata().getName();
            cluster.client().v1().events().inNamespace(NS).withName(gone).delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> events(cluster).isEmpty());

            recorder.normal(job, EventReason.PRE_TRACING, "pre-tracing 2 pods");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(cluster).size() == 1);
            Event fresh = events(cluster).get(0);
            assertThat(fresh.getMetadata().getName()).isNotEqualTo(gone);
            assertThat(fresh.getCount()).isEqualTo(1);
        }
    }
}
