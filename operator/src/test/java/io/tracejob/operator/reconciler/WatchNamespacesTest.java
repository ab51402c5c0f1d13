package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * With watched namespaces (the chart's watchNamespaces) the operator sees TraceJobs there and
 * nowhere else.
 */
class WatchNamespacesTest {

    @Test
    void traceJobsOutsideTheWatchedNamespacesAreNeverTouched() {
        String result = Results.of(Results.latencies(3, 100, 5_000), StopReason.Completed).toJson();
        try (Harness h =
                new Harness(p -> Termination.exit(0, result), b -> b.watchNamespaces(Set.of(NS)))
                        .startOperator()) {
            h.workloads.targetPod("elsewhere", "other-a", "node-1");
            h.workloads.create(Workloads.job("elsewhere", "unwatched", Pick.Any));
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "watched", Pick.Any));
            h.awaitPhase("watched", Phase.Succeeded);
            // created first, so an operator that watched it would have given it a status (and a
            // finalizer) by now
            TraceJob unwatched = h.workloads.get("elsewhere", "unwatched");
            assertThat(unwatched.getStatus()).isNull();
            assertThat(unwatched.getMetadata().getFinalizers()).isNullOrEmpty();
            assertThat(h.kubelet.started()).hasSize(1);
        }
    }
}
