package io.tracejob.operator.testsupport;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.TraceJobOperator;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.rbac.ApiRequestLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A mock cluster, a fake kubelet and the real operator; restartable operator, everything closed at
 * the end.
 */
public final class Harness implements AutoCloseable {
    /**
     * As installed by the chart: the operator in its release namespace, agent pods in a namespace
     * of their own.
     */
    public static final String OPERATOR_NS = "tracejob-system";

    public static final String AGENT_NS = "tracejob-agents";
    public static final String NS = "shop";

    public final MockCluster cluster = new MockCluster();
    public final NamespacedKubernetesClient client = cluster.client();
    public final Workloads workloads = new Workloads(client);
    public final FakeKubelet kubelet;
    public final OperatorConfig config;
    public PrometheusMeterRegistry registry;
    private TraceJobOperator operator;

    /**
     * The operator's own client: its requests are recorded for the chart's RBAC proof
     * (rbac.ApiRequestLog).
     */
    private NamespacedKubernetesClient operatorClient;

    public Harness(AgentRunner runner) {
        this(runner, b -> b);
    }

    public Harness(AgentRunner runner, UnaryOperator<OperatorConfig.Builder> configure) {
        config =
                configure
                        .apply(
                                OperatorConfig.builder()
                                        .operatorNamespace(OPERATOR_NS)
                                        .agentNamespace(AGENT_NS)
                                        .leaderElection(false)
                                        .waitRecheck(Duration.ofMillis(200))
                                        .agentImage("tracejob-agent:test"))
                        .build();
        kubelet = new FakeKubelet(client, config.agentNamespace(), runner).start();
        operatorClient =
                cluster.clientWith(
                        ApiRequestLog.NAME,
                        new ApiRequestLog(config.operatorNamespace(), config.agentNamespace()));
    }

    public Harness startOperator() {
        return startOperator(Clock.systemUTC());
    }

    /** With the operator's {@code clock} in the test's hands (e.g. a {@link ShiftedClock}). */
    public Harness startOperator(Clock clock) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        operator = new TraceJobOperator(operatorClient, config, registry, clock);
        operator.start();
        return this;
    }

    public void stopOperator() {
        if (operator != null) operator.close();
        operator = null;
    }

    public TraceJob job(String name) {
        return workloads.get(NS, name);
    }

    public TraceJob awaitPhase(String name, Phase phase) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            TraceJob j = job(name);
                            return j != null
                                    && j.getStatus() != null
                                    && j.getStatus().getPhase() == phase;
                        });
        return job(name);
    }

    public List<Pod> agentPods() {
        return client.pods()
                .inNamespace(config.agentNamespace())
                .withLabel(AgentLabels.MANAGED_BY, AgentLabels.MANAGED_BY_VALUE)
                .list()
                .getItems();
    }

    public List<Pod> agentPodsOf(TraceJob job) {
        return client.pods()
                .inNamespace(config.agentNamespace())
                .withLabel(AgentLabels.JOB_UID, job.getMetadata().getUid())
                .list()
                .getItems();
    }

    public List<Event> events(String jobName) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> jobName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    /**
     * Waits until the job's events (recorded in the background) include every one of {@code
     * reasons}.
     */
    public void awaitEvents(String jobName, String... reasons) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                events(jobName).stream()
                                        .map(Event::getReason)
                                        .toList()
                                        .containsAll(List.of(reasons)));
    }

    @Override
    public void close() {
        stopOperator();
        operatorClient.close();
        ApiRequestLog.write();
        kubelet.close();
        cluster.close();
    }
}
