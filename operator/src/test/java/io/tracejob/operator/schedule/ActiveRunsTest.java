package io.tracejob.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.tracejob.api.v1alpha1.TraceJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pass where the cron part and the trigger part both act on the schedule's active runs. */
class ActiveRunsTest {
    static TraceJob job(String name) {
        TraceJob j = new TraceJob();
        j.getMetadata().setName(name);
        j.getMetadata().setNamespace("shop");
        j.getMetadata().setUid("uid-" + name);
        return j;
    }

    static List<String> names(List<ObjectReference> refs) {
        return refs.stream().map(ObjectReference::getName).toList();
    }

    @Test
    void aTriggeredReplaceAfterACronReplaceTakesOutOnlyTheCronRunJustStarted() {
        TraceJob a = job("a"), b = job("b"), cron = job("cron"), triggered = job("t");
        ActiveRuns active = new ActiveRuns(List.of(a, b));
        assertThat(active.replaceAll()).containsExactly(a, b);
        active.started(cron);
        // the runs the cron part deleted are not deleted twice; the one it started is replaced
        assertThat(active.replaceAll()).containsExactly(cron);
        active.started(triggered);
        assertThat(names(active.references())).containsExactly("t");
    }

    @Test
    void aTriggeredReplaceTakesOutTheRunningAndTheCronRunStartedBesideThem() {
        TraceJob a = job("a"), cron = job("cron"), triggered = job("t");
        ActiveRuns active = new ActiveRuns(List.of(a));
        active.started(cron); // concurrencyPolicy Allow: the cron run starts beside a
        assertThat(active.size()).isEqualTo(2);
        assertThat(active.replaceAll()).containsExactly(a, cron);
        active.started(triggered);
        assertThat(names(active.references())).containsExactly("t");
    }

    @Test
    void withoutAReplaceStatusActiveListsEveryRunStillGoing() {
        TraceJob a = job("a"), cron = job("cron");
        ActiveRuns active = new ActiveRuns(List.of(a));
        active.started(cron);
        assertThat(active.references())
                .extracting(ObjectReference::getName, ObjectReference::getUid)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "uid-a"),
                        org.assertj.core.groups.Tuple.tuple("cron", "uid-cron"));
    }
}
