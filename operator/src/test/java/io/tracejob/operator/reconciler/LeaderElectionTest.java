package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.operator.TraceJobOperator;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Leader election is on by default in production: the operator takes the Lease, then reconciles.
 */
class LeaderElectionTest {

    @Test
    void operatorTakesTheLeaseAndReconciles() {
        String result = Results.of(Results.latencies(9, 100, 1000), StopReason.Completed).toJson();
        try (Harness h =
                new Harness(
                        p -> Termination.exit(0, result),
                        b ->
                                b.leaderElection(true)
                                        .leaseName("tj-leader")
                                        .podName("operator-pod-1"))) {
            // JOSDK first asks whether it may use Leases; the mock server cannot evaluate RBAC, so
            // it is told yes.
            h.cluster
                    .server()
                    .expect()
                    .post()
                    .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(
                            201,
                            new SelfSubjectRulesReviewBuilder()
                                    .withNewStatus()
                                    .addNewResourceRule()
                                    .withApiGroups("coordination.k8s.io")
                                    .withResources("leases")
                                    .withVerbs("*")
                                    .endResourceRule()
                                    .withIncomplete(false)
                                    .endStatus()
                                    .build())
                    .always();
            h.startOperator();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "led", Pick.Any));
            h.awaitPhase("led", Phase.Succeeded);
            Lease lease =
                    h.client.leases().inNamespace(Harness.OPERATOR_NS).withName("tj-leader").get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("operator-pod-1");
        }
    }

    /**
     * A second replica (the chart's operator.replicas: 2) waits for the Lease without reconciling,
     * yet answers its startup and health probes, so that the kubelet does not restart it in a loop
     * while it stands by.
     */
    @Test
    void aStandbyReplicaIsStartedAndHealthyWithoutTheLease() {
        String result = Results.of(Results.latencies(9, 100, 1000), StopReason.Completed).toJson();
        try (Harness h =
                new Harness(
                        p -> Termination.exit(0, result),
                        b ->
                                b.leaderElection(true)
                                        .leaseName("tj-leader")
                                        .podName("operator-pod-1"))) {
            h.cluster
                    .server()
                    .expect()
                    .post()
                    .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(
                            201,
                            new SelfSubjectRulesReviewBuilder()
                                    .withNewStatus()
                                    .addNewResourceRule()
                                    .withApiGroups("coordination.k8s.io")
                                    .withResources("leases")
                                    .withVerbs("*")
                                    .endResourceRule()
                                    .withIncomplete(false)
                                    .endStatus()
                                    .build())
                    .always();
            h.startOperator();
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                Lease l =
                                        h.client
                                                .leases()
                                                .inNamespace(Harness.OPERATOR_NS)
                                                .withName("tj-leader")
                                                .get();
                                return l != null
                                        && "operator-pod-1".equals(l.getSpec().getHolderIdentity());
                            });
            try (var client =
                            h.cluster.clientWith(
                                    "standby",
                                    new io.fabric8.kubernetes.client.http.Interceptor() {});
                    TraceJobOperator standby =
                            new TraceJobOperator(
                                    client,
                                    h.config.toBuilder().podName("operator-pod-2").build(),
                                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                                    Clock.systemUTC())) {
                standby.start();
                await().atMost(Duration.ofSeconds(30)).until(standby::started);
                assertThat(standby.healthy()).isTrue();
                assertThat(
                                h.client
                                        .leases()
                                        .inNamespace(Harness.OPERATOR_NS)
                                        .withName("tj-leader")
                                        .get()
                                        .getSpec()
                                        .getHolderIdentity())
                        .isEqualTo("operator-pod-1");
            }
        }
    }
}
