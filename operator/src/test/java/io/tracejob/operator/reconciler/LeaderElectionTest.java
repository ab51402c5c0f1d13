package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import org.junit.jupiter.api.Test;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

/** Leader election is on by default in production: the operator takes the Lease, then reconciles. */
class LeaderElectionTest {

    @Test
    void operatorTakesTheLeaseAndReconciles() {
        String result = Results.of(Results.latencies(9, 100, 1000), StopReason.Completed).toJson();
        try (Harness h = new Harness(p -> Termination.exit(0, result), b -> b.leaderElection(true).leaseName("tj-leader").podName("operator-pod-1"))) {
            // JOSDK first asks whether it may use Leases; the mock server cannot evaluate RBAC, so it is told yes.
            h.cluster.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
                            .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("*")
                            .endResourceRule().withIncomplete(false).endStatus().build()).always();
            h.startOperator();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "led", Pick.Any));
            h.awaitPhase("led", Phase.Succeeded);
            Lease lease = h.client.leases().inNamespace(Harness.OPERATOR_NS).withName("tj-leader").get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("operator-pod-1");
        }
    }
}
